//! The one conversion from the core's errors to Python exceptions. The
//! classes live in Python (`schooldiary/_errors.py`), where they can also
//! derive from the matching built-ins (`ValueError`, `LookupError`,
//! `PermissionError`, `OSError`, `TimeoutError`).

use diary_core::Error;
use pyo3::prelude::*;

/// Converts a core error to the matching exception, with `code` and `field`
/// attributes set. Exhaustive: a new core variant must be mapped here.
pub fn to_py_err(py: Python<'_>, e: Error) -> PyErr {
    let message = e.to_string();
    let code = e.code() as i32;
    let field = e.field().map(str::to_owned);
    let class = match e {
        Error::InvalidInput { .. } => "InvalidInput",
        Error::NotFound { .. } => "NotFound",
        Error::Conflict(_) => "Conflict",
        Error::AccessDenied(_) => "AccessDenied",
        Error::AuthenticationFailed => "AuthenticationFailed",
        Error::Storage(_) => "StorageError",
        Error::NotADiary(_) => "NotADiary",
        Error::VersionTooNew { .. } => "VersionTooNew",
        Error::Internal(_) => "InternalError",
        Error::DeliveryFailed(_) => "DeliveryFailed",
        Error::Corrupt(_) => "Corrupt",
        Error::Busy(_) => "Busy",
        Error::ReadOnly(_) => "ReadOnly",
        Error::DiskFull(_) => "DiskFull",
        Error::IoError(_) => "IoError",
        Error::ResyncNeeded(_) => "ResyncNeeded",
        _ => "InternalError",
    };
    let err = match py
        .import("schooldiary._errors")
        .and_then(|m| m.getattr(class))
        .and_then(|cls| cls.call1((message.as_str(),)))
    {
        Ok(instance) => PyErr::from_value(instance),
        // The package's own module is missing or broken: say so.
        Err(import_error) => return import_error,
    };
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice;
    // if it did, the exception is still raised with its message.
    let _ = value.setattr("code", code);
    let _ = value.setattr("field", field);
    err
}

/// [`to_py_err`] where no `Python` token is at hand (the thread holds the
/// GIL already or takes it for the conversion).
pub fn to_py_err_nogil(e: Error) -> PyErr {
    Python::attach(|py| to_py_err(py, e))
}
