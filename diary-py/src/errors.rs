//! The exception hierarchy and the one conversion from the core's errors.

use diary_core::Error;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

pyo3::create_exception!(
    diary,
    DiaryError,
    PyException,
    "Base class of every diary error. `code` is the stable numeric error code shared with C."
);
pyo3::create_exception!(
    diary,
    InvalidInput,
    DiaryError,
    "An argument is malformed or breaks a rule; `field` names it."
);
pyo3::create_exception!(
    diary,
    NotFound,
    DiaryError,
    "The record named does not exist."
);
pyo3::create_exception!(
    diary,
    Conflict,
    DiaryError,
    "The change contradicts stored data (a duplicate, an overlap)."
);
pyo3::create_exception!(
    diary,
    AccessDenied,
    DiaryError,
    "The actor is not allowed to do this."
);
pyo3::create_exception!(
    diary,
    AuthenticationFailed,
    DiaryError,
    "Credentials or a session were not accepted."
);
pyo3::create_exception!(
    diary,
    StorageError,
    DiaryError,
    "The storage layer failed (I/O, a locked or corrupt file)."
);
pyo3::create_exception!(
    diary,
    NotADiary,
    StorageError,
    "The file is not a diary database; it was left untouched."
);
pyo3::create_exception!(
    diary,
    VersionTooNew,
    StorageError,
    "The file was written by a newer version of diary."
);
pyo3::create_exception!(
    diary,
    DeliveryFailed,
    DiaryError,
    "The host's delivery callable failed; nothing was stored, so the request can be repeated."
);
pyo3::create_exception!(
    diary,
    Corrupt,
    StorageError,
    "The file is damaged or was altered outside diary; it was not changed."
);
pyo3::create_exception!(
    diary,
    Busy,
    StorageError,
    "Another process or thread held the diary's lock longer than the bounded wait; nothing was changed: retry."
);
pyo3::create_exception!(
    diary,
    ReadOnly,
    StorageError,
    "The file or its folder is read-only, or the diary was opened read-only; nothing was changed."
);
pyo3::create_exception!(
    diary,
    DiskFull,
    StorageError,
    "The disk (or the file-size limit) is full; nothing was changed."
);
pyo3::create_exception!(
    diary,
    IoError,
    StorageError,
    "The operating system reported an I/O error reading or writing the file."
);
pyo3::create_exception!(
    diary,
    InternalError,
    DiaryError,
    "A bug in diary itself; please report it."
);

/// Converts a core error to the matching exception, with `code` and `field`
/// attributes set. Exhaustive: a new core variant must be mapped here.
pub fn to_py_err(py: Python<'_>, e: Error) -> PyErr {
    let message = e.to_string();
    let code = e.code() as i32;
    let field = e.field().map(str::to_owned);
    let err = match e {
        Error::InvalidInput { .. } => InvalidInput::new_err(message),
        Error::NotFound { .. } => NotFound::new_err(message),
        Error::Conflict(_) => Conflict::new_err(message),
        Error::AccessDenied(_) => AccessDenied::new_err(message),
        Error::AuthenticationFailed => AuthenticationFailed::new_err(message),
        Error::Storage(_) => StorageError::new_err(message),
        Error::NotADiary(_) => NotADiary::new_err(message),
        Error::VersionTooNew { .. } => VersionTooNew::new_err(message),
        Error::Internal(_) => InternalError::new_err(message),
        Error::DeliveryFailed(_) => DeliveryFailed::new_err(message),
        Error::Corrupt(_) => Corrupt::new_err(message),
        Error::Busy(_) => Busy::new_err(message),
        Error::ReadOnly(_) => ReadOnly::new_err(message),
        Error::DiskFull(_) => DiskFull::new_err(message),
        Error::IoError(_) => IoError::new_err(message),
        _ => InternalError::new_err(message),
    };
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice;
    // if it did, the exception is still raised with its message.
    let _ = value.setattr("code", code);
    let _ = value.setattr("field", field);
    err
}

/// Registers the exception classes in the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("DiaryError", py.get_type::<DiaryError>())?;
    m.add("InvalidInput", py.get_type::<InvalidInput>())?;
    m.add("NotFound", py.get_type::<NotFound>())?;
    m.add("Conflict", py.get_type::<Conflict>())?;
    m.add("AccessDenied", py.get_type::<AccessDenied>())?;
    m.add(
        "AuthenticationFailed",
        py.get_type::<AuthenticationFailed>(),
    )?;
    m.add("StorageError", py.get_type::<StorageError>())?;
    m.add("NotADiary", py.get_type::<NotADiary>())?;
    m.add("VersionTooNew", py.get_type::<VersionTooNew>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    m.add("DeliveryFailed", py.get_type::<DeliveryFailed>())?;
    m.add("Corrupt", py.get_type::<Corrupt>())?;
    m.add("Busy", py.get_type::<Busy>())?;
    m.add("ReadOnly", py.get_type::<ReadOnly>())?;
    m.add("DiskFull", py.get_type::<DiskFull>())?;
    m.add("IoError", py.get_type::<IoError>())?;
    Ok(())
}
