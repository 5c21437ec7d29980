/**
 * Every bound the tool puts on what a registry, a token service or a layer may make it do: time,
 * bytes, redirects and JSON shapes. A leaf that every other package may read, so that the numbers
 * live in one place and the README's "Limits" table can be checked against it.
 */
package dev.stargzdownloader.limits;
