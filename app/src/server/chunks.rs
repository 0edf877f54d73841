//! Preloading a split page's code when that page is opened directly.
//!
//! A page split out of the main bundle (`pages::lazy`) needs its WebAssembly
//! chunks before it can hydrate. Fetched only when the main bundle asks for
//! them, they would arrive one round trip after it; named in the response, the
//! browser fetches them alongside. Leptos 0.8 tries to add such `<link
//! rel=preload>` tags to the page's head, but reads its build manifest from
//! whichever reactive owner the thread last used, so on a multi-threaded server
//! it adds them for some requests and not others (measured: 3 of 6 identical
//! requests for the board). This sends them as HTTP `Link` headers instead,
//! from the build's own manifest, for every request: the browser treats a
//! `Link: <…>; rel=preload` header exactly like the tag.

use leptos::prelude::use_context;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// The chunks of every split route, read once from the build's manifest
/// (`__wasm_split_manifest[.hash].json` in the site's package directory), and
/// the chunk loader's file name. Empty when the bundle was built without
/// `--split`.
#[derive(Debug, Default, PartialEq)]
pub struct Manifest {
    /// Route key (`__board_view_<hash>`) → chunk file stems, without `.wasm`.
    routes: HashMap<String, Vec<String>>,
    /// `__wasm_split[.hash].js`
    loader: Option<String>,
}

impl Manifest {
    /// Reads the newest manifest in `pkg_dir` (a rebuild may leave older ones).
    pub fn read(pkg_dir: &Path) -> Self {
        let newest = |prefix: &str, suffix: &str| {
            std::fs::read_dir(pkg_dir)
                .ok()?
                .filter_map(Result::ok)
                .filter(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.starts_with(prefix) && name.ends_with(suffix)
                })
                .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
        };
        let routes = newest("__wasm_split_manifest", ".json")
            .and_then(|f| std::fs::read_to_string(pkg_dir.join(f)).ok())
            .and_then(|text| match serde_json::from_str(&text) {
                Ok(routes) => Some(routes),
                Err(e) => {
                    tracing::warn!(error = %e, "unreadable split manifest: no chunk preloads");
                    None
                }
            })
            .unwrap_or_default();
        Manifest {
            routes,
            loader: newest("__wasm_split.", ".js"),
        }
    }

    /// The `Link` header values that preload the chunks of the lazy function
    /// `group` (e.g. `organizer_pages`, keyed `organizer_pages_<hash>` in the
    /// manifest), under `pkg_url` (e.g. `/pkg`).
    pub fn links(&self, group: &str, pkg_url: &str) -> Vec<String> {
        // `wasm_split` keys a chunk by the name it was given (`wall_pages`);
        // Leptos's `#[lazy]` adds a hash (`wall_pages_1830…`).
        let prefix = format!("{group}_");
        let Some(chunks) = self
            .routes
            .iter()
            .find(|(key, _)| {
                key.as_str() == group
                    || key
                        .strip_prefix(&prefix)
                        .is_some_and(|h| h.bytes().all(|b| b.is_ascii_digit()))
            })
            .map(|(_, chunks)| chunks)
        else {
            return Vec::new();
        };
        let mut links: Vec<String> = chunks
            .iter()
            .map(|c| {
                format!(
                    "<{pkg_url}/{c}.wasm>; rel=preload; as=fetch; type=\"application/wasm\"; crossorigin=anonymous"
                )
            })
            .collect();
        if let Some(loader) = &self.loader {
            links.push(format!(
                "<{pkg_url}/{loader}>; rel=modulepreload; crossorigin=anonymous"
            ));
        }
        links
    }
}

/// Adds the preload headers for the lazy function `group` to the response
/// being rendered. Called while a split page renders on the server.
pub fn preload(group: &str) {
    static MANIFEST: OnceLock<Manifest> = OnceLock::new();
    let (Some(state), Some(resp)) = (
        use_context::<super::AppState>(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let options = &state.leptos_options;
    let manifest = MANIFEST.get_or_init(|| {
        Manifest::read(&Path::new(&*options.site_root).join(&*options.site_pkg_dir))
    });
    for link in manifest.links(group, &format!("/{}", options.site_pkg_dir)) {
        if let Ok(v) = http::HeaderValue::from_str(&link) {
            resp.append_header(http::header::LINK, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest {
            routes: HashMap::from([
                (
                    "organizer_pages_118305057669165359".to_string(),
                    vec![
                        "chunk_3.abc".to_string(),
                        "split_organizer_pages_1.def".to_string(),
                    ],
                ),
                ("organizer_2".to_string(), vec!["chunk_9.zzz".to_string()]),
                ("wall_pages".to_string(), vec!["chunk_1.x".to_string()]),
            ]),
            loader: Some("__wasm_split.h4sh.js".to_string()),
        }
    }

    #[test]
    fn links_name_the_groups_chunks_and_the_loader() {
        let links = manifest().links("organizer_pages", "/pkg");
        assert_eq!(
            links,
            vec![
                "</pkg/chunk_3.abc.wasm>; rel=preload; as=fetch; type=\"application/wasm\"; crossorigin=anonymous",
                "</pkg/split_organizer_pages_1.def.wasm>; rel=preload; as=fetch; type=\"application/wasm\"; crossorigin=anonymous",
                "</pkg/__wasm_split.h4sh.js>; rel=modulepreload; crossorigin=anonymous",
            ]
        );
        // `organizer` is not a prefix match for `organizer_pages`'s key.
        assert_eq!(manifest().links("organizer", "/pkg").len(), 2);
    }

    #[test]
    fn an_unknown_group_or_an_unsplit_build_preloads_nothing() {
        assert!(manifest().links("attendee_pages", "/pkg").is_empty());
        assert!(Manifest::default().links("wall_pages", "/pkg").is_empty());
    }

    #[test]
    fn reads_the_newest_manifest_and_loader() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("__wasm_split_manifest.h1.json"),
            r#"{"wall_pages_1":["chunk_1.a"]}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("__wasm_split_manifest.h1.json.gz"), "x").unwrap();
        std::fs::write(dir.path().join("__wasm_split.h1.js"), "").unwrap();
        let m = Manifest::read(dir.path());
        assert_eq!(m.links("wall_pages", "/pkg").len(), 2);
        assert_eq!(m.loader.as_deref(), Some("__wasm_split.h1.js"));
        // No manifest (a build without --split): nothing, and no error.
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(Manifest::read(empty.path()), Manifest::default());
    }
}
