# Stage 2 of the quickstart demo: copy the checkout into a release directory and switch `current` to it.
release="$DEPLOY_DIR/releases/$(cd "$CHECKOUT_DIR" && git describe --tags --always)"
mkdir -p "$release"
rsync -a --delete --exclude .git "$CHECKOUT_DIR/" "$release/"
ln -sfn "$release" "$DEPLOY_DIR/current.new" && mv -T "$DEPLOY_DIR/current.new" "$DEPLOY_DIR/current"
echo "deployed to $release"
if [ "$SMOKE_TEST" = "true" ]; then
  grep -q . "$DEPLOY_DIR/current/index.html" && echo "smoke test passed"
fi
