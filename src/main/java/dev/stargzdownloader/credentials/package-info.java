/**
 * Where stored registry credentials are found, as crane, skopeo and podman find them: docker's
 * {@code config.json} and containers' {@code auth.json} (their {@code auths}, {@code credHelpers}
 * and {@code credsStore}), {@code docker-credential-*} helpers, the keys those files use for a
 * registry, and the order in which the files are asked ({@link
 * dev.stargzdownloader.credentials.CredentialResolver}).
 */
package dev.stargzdownloader.credentials;
