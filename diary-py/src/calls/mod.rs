//! The Python methods generated from `bindgen/calls/*.calls`; do not edit.
//! Regenerate with `cargo run -p diary-bindgen`.

mod announcements;
mod applications;
mod attendance;
mod consents;
mod conversations;
mod directory;
mod feed;
mod lessons;
mod marks;
mod meetings;
mod messages;
mod notifications;
mod office;
mod people;
mod privacy;
mod services;
mod structure;
mod timetable;
mod trusted;
