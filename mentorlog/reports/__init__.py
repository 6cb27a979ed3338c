"""What the year leaves behind: the reports' data, the journey reports, recaps and the templates."""
