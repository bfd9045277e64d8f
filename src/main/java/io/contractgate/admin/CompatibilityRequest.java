package io.contractgate.admin;

/** The body of {@code PUT /api/contracts/{id}/compatibility}: {@code {"level": "FULL"}}. */
public record CompatibilityRequest(String level) {
}
