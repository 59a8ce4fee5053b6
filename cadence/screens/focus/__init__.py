"""Focus: the Pomodoro screen, its dialogs and the phase-end prompt."""
