//! The Yew app (feature `web`): function components over a reducer ([`state`]).
//!
//! Components render from [`state::AppState`] and dispatch [`state::Action`]s; all
//! interpretation of the case (letter, packet) is done by `crate::core`.

pub mod analysis;
pub mod app;
pub mod components;
pub mod hooks;
pub mod packet;
pub mod state;
pub mod steps;
pub mod widget;

pub use app::{App, AppProps};

/// The handle every component uses to read the state and dispatch actions.
pub type AppContext = yew::UseReducerHandle<state::AppState>;
