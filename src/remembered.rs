//! What the browser remembers for the reader (`localStorage`): the shortcuts switch and
//! the theme. Where storage is blocked (privacy settings, sandboxed frames) nothing is
//! remembered and nothing fails.

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The value remembered under `key`, if any.
pub fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Remembers `value` under `key`, where the browser allows it.
pub fn write(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}
