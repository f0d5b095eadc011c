//! `showcase schema`: JSON Schemas generated from the record types, so editors apply the
//! same field names and shapes as `check` (rules beyond shape, like references, stay in `check`).

use crate::content::raw::*;
use std::path::Path;

fn schema_of<T: schemars::JsonSchema>(title: &str, description: &str) -> serde_json::Value {
    let mut v = serde_json::to_value(schemars::schema_for!(T)).expect("schema serialises");
    v["title"] = serde_json::json!(title);
    v["description"] = serde_json::json!(description);
    v
}

pub fn schemas() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        (
            "cluster",
            schema_of::<RawCluster>("Cluster", "A cluster organisation (content/clusters/)"),
        ),
        (
            "event",
            schema_of::<RawEvent>("Event", "An event (content/events/)"),
        ),
        (
            "news",
            schema_of::<RawNews>("News or success story", "content/news/"),
        ),
        (
            "document",
            schema_of::<RawDocument>("Document", "A reference document (content/documents/)"),
        ),
        (
            "brand",
            schema_of::<RawBrandAsset>("Brand asset", "content/brand/"),
        ),
        (
            "page",
            schema_of::<RawPage>("Page", "A free page (content/pages/)"),
        ),
        (
            "organisation",
            schema_of::<RawOrganisation>(
                "Organisation",
                "A company, research institute, university or other actor (content/organisations/)",
            ),
        ),
        (
            "call",
            schema_of::<RawCall>("Call", "A funding call, tender or prize (content/calls/)"),
        ),
        (
            "cooperation",
            schema_of::<RawCooperation>(
                "Cooperation request",
                "An offer or request for partners (content/cooperation/)",
            ),
        ),
    ]
}

pub fn run(out: &Path) -> i32 {
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("error: cannot create {}: {e}", out.display());
        return super::EXIT_FAILURE;
    }
    for (name, schema) in schemas() {
        let path = out.join(format!("{name}.schema.json"));
        let text = serde_json::to_string_pretty(&schema).expect("json") + "\n";
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return super::EXIT_FAILURE;
        }
    }
    eprintln!("Wrote {} schemas to {}", schemas().len(), out.display());
    super::EXIT_OK
}
