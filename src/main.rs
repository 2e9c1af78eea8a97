//! Pressroom's entry point: mount the app (see `lib.rs`).

fn main() {
    pressroom::start();
}
