//! Node.js through nvm (`versions.nvm`): the generated installer as text, since nvm's downloads cannot be fetched
//! here.

use super::*;

#[test]
fn node_through_nvm_is_installed_for_the_machine_user_and_on_every_path() {
    let mut spec = ProvisionSpec::new("p", "vm-base:latest", "dev");
    spec.languages = vec![LanguageSpec {
        name: "node".into(),
        version: Some("20".into()),
        manager: Some("v0.39.7".into()),
        ..LanguageSpec::default()
    }];
    let provisioning = provision(&spec).unwrap();
    let languages = &provisioning.stages[0].script;
    insta::assert_snapshot!(languages);
    assert!(!languages.contains("registry.npmjs.org/node-linux"));
    assert_eq!(
        provisioning.languages[0].description,
        "Node.js (through nvm v0.39.7, for the machine user)"
    );
    // Without nvm, the npm registry's build as before.
    spec.languages[0].manager = None;
    let provisioning = provision(&spec).unwrap();
    assert!(provisioning.stages[0].script.contains("node-linux-$arch"));
    assert!(
        provisioning.languages[0]
            .description
            .starts_with("Node.js (the official build")
    );
}
