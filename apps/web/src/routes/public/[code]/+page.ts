// A public, cacheable page: plain HTML, no client framework.
export const csr = false;
