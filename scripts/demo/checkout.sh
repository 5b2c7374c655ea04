# Stage 1 of the quickstart demo: check out the app (the rollback target's tag on a rollback) and tag it.
git clone --quiet "$REPO" "$CHECKOUT_DIR"
cd "$CHECKOUT_DIR"
if [ -n "${ROLF_ROLLBACK_TAG:-}" ]; then
  echo "rolling back to $ROLF_ROLLBACK_TAG"
  git checkout --quiet "$ROLF_ROLLBACK_TAG"
  echo "tag=$ROLF_ROLLBACK_TAG" >> "$ROLF_OUTPUT"
else
  git checkout --quiet "$BRANCH"
  git tag "$ROLF_TAG"
  git push --quiet origin "$ROLF_TAG"
  echo "tagged $(git rev-parse --short HEAD) as $ROLF_TAG"
fi
git log -1 --format='commit %h: %s'
