"""Pure domain logic: no Textual, no I/O. Time always comes from a Clock passed in."""
