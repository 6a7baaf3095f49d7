//! Shoppable videos and live sessions: their statuses and the live session's life cycle.

/// What a seller does to a live session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveAction {
    Start,
    End,
    Cancel,
}

string_enum! {
    /// A live session's life cycle: SCHEDULED → LIVE → ENDED, or SCHEDULED → CANCELLED.
    pub enum LiveStatus {
        Scheduled = "SCHEDULED",
        Live = "LIVE",
        Ended = "ENDED",
        Cancelled = "CANCELLED",
    }
}

impl LiveStatus {
    /// The status after `action`, or why it is refused.
    pub fn after(self, action: LiveAction) -> Result<LiveStatus, &'static str> {
        use LiveAction::*;
        use LiveStatus::*;
        match (self, action) {
            (Scheduled, Start) => Ok(Live),
            (Scheduled, Cancel) => Ok(Cancelled),
            (Live, End) => Ok(Ended),
            (Scheduled, End) => Err("The session has not started yet; cancel it instead"),
            (Live, Start) => Err("The session is already live"),
            (Live, Cancel) => Err("The session is live; end it instead"),
            (Ended, _) => Err("The session has already ended; schedule a new one"),
            (Cancelled, _) => Err("The session was cancelled; schedule a new one"),
        }
    }

    /// Products can be featured and pinned before and during the session, not after.
    pub fn takes_pins(self) -> bool {
        matches!(self, LiveStatus::Scheduled | LiveStatus::Live)
    }
}

string_enum! {
    /// Where a video is: shown on the storefront, hidden by its shop, or deleted.
    pub enum VideoStatus {
        Published = "PUBLISHED",
        Hidden = "HIDDEN",
        Deleted = "DELETED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::macros::names_round_trip;

    #[test]
    fn wire_names_round_trip() {
        names_round_trip(LiveStatus::ALL, LiveStatus::as_str, LiveStatus::parse);
        names_round_trip(VideoStatus::ALL, VideoStatus::as_str, VideoStatus::parse);
    }

    #[test]
    fn a_session_starts_once_and_ends_once() {
        use LiveAction::*;
        assert_eq!(LiveStatus::Scheduled.after(Start), Ok(LiveStatus::Live));
        assert_eq!(LiveStatus::Live.after(End), Ok(LiveStatus::Ended));
        assert!(LiveStatus::Ended.after(Start).is_err());
        assert!(LiveStatus::Live.after(Cancel).is_err());
        assert!(!LiveStatus::Ended.takes_pins());
    }
}
