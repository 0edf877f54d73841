//! Which address a request comes from, for the rate limits: the TCP peer,
//! unless the peer is one of the configured reverse proxies
//! (`KRING_TRUSTED_PROXIES`); then the right-most address in
//! `X-Forwarded-For` that is not a trusted proxy. A client that sets the
//! header itself, without a trusted proxy in between, changes nothing.

use app::server::limits::ClientIp;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

pub async fn resolve(
    State(trusted): State<Arc<Vec<IpAddr>>>,
    mut req: Request,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    let ip = client(peer, &forwarded, &trusted);
    req.extensions_mut().insert(ip);
    next.run(req).await
}

/// The client's address from the peer and the `X-Forwarded-For` chain.
pub fn client(peer: Option<IpAddr>, forwarded_for: &str, trusted: &[IpAddr]) -> ClientIp {
    let Some(peer) = peer else {
        return ClientIp::UNKNOWN;
    };
    if !trusted.contains(&peer) {
        return ClientIp(peer);
    }
    // Each proxy appends the address it got the request from: walk from the
    // right past our own proxies; the first other address is the client.
    let hops: Vec<IpAddr> = forwarded_for
        .split(',')
        .filter_map(|h| h.trim().parse().ok())
        .collect();
    hops.iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .or(hops.first())
        .map(|ip| ClientIp(*ip))
        .unwrap_or(ClientIp(peer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_headers_count_only_from_a_trusted_proxy() {
        let proxy = [ip("10.0.0.1")];
        // Straight from a client: its own header is ignored.
        assert_eq!(
            client(Some(ip("203.0.113.7")), "1.2.3.4", &proxy),
            ClientIp(ip("203.0.113.7"))
        );
        // Through the proxy: the address the proxy saw, not what the client
        // claimed before it.
        assert_eq!(
            client(Some(ip("10.0.0.1")), "1.2.3.4, 198.51.100.9", &proxy),
            ClientIp(ip("198.51.100.9"))
        );
        // Through the proxy without a header: the proxy itself.
        assert_eq!(
            client(Some(ip("10.0.0.1")), "", &proxy),
            ClientIp(ip("10.0.0.1"))
        );
        // No peer (a test calling the router directly).
        assert_eq!(client(None, "1.2.3.4", &proxy), ClientIp::UNKNOWN);
    }
}
