//! One module per area: attendees on their phones, organizers at a desk.

pub mod admin;
pub mod attendee;
pub mod auth;
pub mod board;
pub mod home;
pub mod lazy;
