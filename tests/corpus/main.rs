//! Filled by the recognizers.
