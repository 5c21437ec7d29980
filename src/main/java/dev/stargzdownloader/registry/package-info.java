/**
 * A small client for the OCI distribution API: blob range reads, manifest fetches, token and Basic
 * authentication, redirects, retries and resumption of interrupted bodies. This is the only package
 * that speaks HTTP; it knows nothing about eStargz or image layouts. {@link
 * dev.stargzdownloader.registry.RegistryClient} is the entry point.
 */
package dev.stargzdownloader.registry;
