"""The pipeline: build (compose → validate → figures → render → write), check, manifest, invitations."""
