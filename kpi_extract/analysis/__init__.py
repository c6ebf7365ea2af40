"""Reading extracted frames: views, consistency checks, guidance tracking."""
