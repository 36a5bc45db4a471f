"""Staff views of the one-stop dossiers: counter intake, inbox and the dossier page."""
