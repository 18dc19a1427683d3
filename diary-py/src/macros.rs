//! The `record!` macro: an immutable Python value class with getters, a
//! readable `repr`, equality and a hash.

macro_rules! record {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[pyclass(frozen, eq, hash, module = "schooldiary")]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name {
            $($(#[$fdoc])* #[pyo3(get)] pub $field: $ty,)*
        }

        #[pymethods]
        impl $name {
            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                let parts: Vec<String> = vec![$(
                    format!("{}={}", stringify!($field), slf.getattr(stringify!($field))?.repr()?)
                ),*];
                Ok(format!("{}({})", stringify!($name), parts.join(", ")))
            }
        }
    };
}
