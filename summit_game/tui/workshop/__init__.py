"""The projector for summit-game workshop: screens in their own modules, styles in workshop.tcss."""
