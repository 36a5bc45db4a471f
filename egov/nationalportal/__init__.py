"""National public service portal (DVCQG) sync: pull dossiers in, push status changes back."""
