//! Rules shared by several endpoints (each endpoint's own rules live in its
//! module).

use api_runtime::validate::{Validator, positive};
use api_runtime::{Error, Result};

/// Sellercloud IDs are positive int32 values ("All IDs are int32"); the
/// `{id}` path parameter of every endpoint names an existing record, so 0
/// or a negative number can only be a mistake.
pub(crate) fn check_path_id(id: i32) -> Result<()> {
    let mut v = Validator::new();
    v.rule("id", positive(i64::from(id)));
    v.finish().map_err(Error::Validation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_id_must_be_positive() {
        let e = check_path_id(0).unwrap_err();
        assert!(e.violations().unwrap().has_field("id"), "{e}");
        assert!(check_path_id(-3).is_err());
        assert!(check_path_id(1).is_ok());
    }
}
