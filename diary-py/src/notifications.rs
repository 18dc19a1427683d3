//! Host notifications: the Python notifier (a callable receiving each
//! notification as a dict), one's preferences, and the record; reading
//! preferences and flushing the queue are generated
//! (`calls/notifications.rs`).

use crate::actor::PyActor;
use crate::convert::{from_py_json, to_py_json, EnumValue};
use crate::diary::PyDiary;
use diary_core as core;
use diary_core::delivery::Notifier;
use pyo3::prelude::*;
use std::sync::Arc;

record! {
    /// A person's notification preferences.
    NotificationPreferences {
        /// Events the person does not want (`NotificationEvent`).
        muted: Vec<EnumValue>,
        /// Start of quiet hours, "HH:MM" in the school's time zone.
        quiet_from: Option<String>,
        /// End of quiet hours, "HH:MM".
        quiet_until: Option<String>,
        /// Urgent notifications go out during quiet hours too.
        urgent_in_quiet_hours: bool,
    }
}

impl From<core::NotificationPreferences> for NotificationPreferences {
    fn from(p: core::NotificationPreferences) -> Self {
        NotificationPreferences {
            muted: p
                .muted
                .into_iter()
                .map(|m| EnumValue {
                    class: "NotificationEvent",
                    value: m.as_str(),
                })
                .collect(),
            quiet_from: p.quiet_from,
            quiet_until: p.quiet_until,
            urgent_in_quiet_hours: p.urgent_in_quiet_hours,
        }
    }
}

/// A Python callable receiving each notification as a dict.
#[derive(Debug)]
struct PyNotifier(Py<PyAny>);

impl Notifier for PyNotifier {
    fn notify(&self, n: &core::Notification) -> Result<(), String> {
        Python::attach(|py| {
            let d = to_py_json(py, n)?;
            self.0.call1(py, (d,)).map(|_| ())
        })
        .map_err(|e: PyErr| e.to_string())
    }
}

#[pymethods]
impl PyDiary {
    /// Sets (or with None removes) the host's notifier: a callable given
    /// each notification as a dict ``{"to", "event", "school", "object",
    /// "conversation", "child", "title", "preview", "urgent", "at",
    /// "delayed"}`` inside the transaction of the write that caused it; an
    /// exception refuses the write (``DeliveryFailed``). It must not call
    /// back into this diary.
    #[pyo3(signature = (notifier))]
    fn set_notifier(&self, py: Python<'_>, notifier: Option<Py<PyAny>>) -> PyResult<()> {
        let notifier = match notifier {
            None => None,
            Some(cb) if cb.bind(py).is_callable() => {
                Some(Arc::new(PyNotifier(cb)) as Arc<dyn Notifier>)
            }
            Some(_) => {
                return Err(crate::errors::to_py_err(
                    py,
                    core::Error::invalid("notifier", "must be a callable taking one dict"),
                ))
            }
        };
        self.get(py)?.set_notifier(notifier);
        Ok(())
    }

    /// Sets a person's notification preferences (the person) from a dict:
    /// ``muted`` (a list of ``NotificationEvent``), ``quiet_from`` and
    /// ``quiet_until`` ("HH:MM" in the school's time zone, both or
    /// neither), ``urgent_in_quiet_hours``; every key optional.
    #[pyo3(signature = (actor, person, preferences))]
    fn set_notification_preferences(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        person: &Bound<'_, PyAny>,
        preferences: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let person = core::PersonId(crate::ids::id_arg(person, "person")?);
        let prefs: core::NotificationPreferences = from_py_json(preferences, "preferences")?;
        self.with(py, actor, move |d, a| {
            d.set_notification_preferences(a, person, &prefs)
        })
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NotificationPreferences>()?;
    Ok(())
}
