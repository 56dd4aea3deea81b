/** The help of a --format that takes a Go template, as docker compose words it. */
export const FORMAT_DESCRIPTION = "Format output using a custom template: 'table' (default), 'table TEMPLATE', 'json', or a Go 'TEMPLATE' (fields, json, split, join, title, lower, upper, pad, truncate)";
