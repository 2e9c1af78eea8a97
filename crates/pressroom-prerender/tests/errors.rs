//! Unusable input stops the run with a message that says what and where, and writes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;

use common::{dist_with, generated_bundle, index_files};
use pressroom_prerender::{prerender, Options};

fn error_of(options: &Options) -> String {
    format!("{:#}", prerender(options).expect_err("the run fails"))
}

#[test]
fn a_template_without_the_mount_point_is_a_clear_error() {
    let dist = dist_with("no-mount", &generated_bundle(3));
    let shell = "<!DOCTYPE html><html><head><title>x</title></head><body><div id=\"app\"></div></body></html>";
    fs::write(dist.join("index.html"), shell).unwrap();
    let message = error_of(&Options::new(&dist, "/newsroom/"));
    assert!(message.contains("index.html"), "{message}");
    assert!(
        message.contains("no element with id=\"pressroom\""),
        "{message}"
    );
    assert_eq!(index_files(&dist).len(), 1, "nothing written");
    assert_eq!(fs::read_to_string(dist.join("index.html")).unwrap(), shell);
}

#[test]
fn missing_and_broken_inputs_name_the_file() {
    let dist = dist_with("broken", "{\"version\": 1, \"site\": ");
    let message = error_of(&Options::new(&dist, "/newsroom/"));
    assert!(message.contains("in the bundle"), "{message}");
    assert!(message.contains("releases.json"), "{message}");

    let mut options = Options::new(&dist, "/newsroom/");
    options.bundle = Some(dist.join("nope.json"));
    let message = error_of(&options);
    assert!(
        message.contains("reading the bundle") && message.contains("nope.json"),
        "{message}"
    );

    options.template = Some(dist.join("nope.html"));
    let message = error_of(&options);
    assert!(
        message.contains("reading the template") && message.contains("nope.html"),
        "{message}"
    );
    assert_eq!(index_files(&dist).len(), 1, "nothing written");
}

#[test]
fn a_site_url_off_the_base_is_refused() {
    let dist = dist_with("off-base", &generated_bundle(3));
    let mut options = Options::new(&dist, "/newsroom/");
    options.site_url = Some("https://press.example/other/".to_owned());
    let message = error_of(&options);
    assert!(message.contains("--base"), "{message}");
    assert_eq!(index_files(&dist).len(), 1, "nothing written");
}

#[test]
fn a_template_for_another_base_is_refused() {
    let dist = dist_with("other-base", &generated_bundle(3));
    // The shell declares /newsroom/.
    let message = error_of(&Options::new(&dist, "/press/"));
    assert!(message.contains("index.html"), "{message}");
    assert!(
        message.contains("content=\"/newsroom/\"> differs from --base /press/"),
        "{message}"
    );
    assert_eq!(index_files(&dist).len(), 1, "nothing written");
    // The same base written differently is the same base.
    assert!(prerender(&Options::new(&dist, "newsroom")).is_ok());
}
