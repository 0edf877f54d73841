//! Small building blocks shared by the pages: labelled form fields that show
//! their error next to them, error boxes, and the page header.

mod fields;
mod layout;

pub use fields::{field_error, form_error, reset_on_success, CheckField, FormError, TextField};
pub use layout::{ErrorView, Loading, NotFound, PageHeader};
