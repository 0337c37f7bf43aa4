import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter({ out: 'build' }),
    // Inline small CSS so the citizen page loads in one round trip on slow networks.
    inlineStyleThreshold: 8192,
    // Content-Security-Policy on every page: scripts only from this origin or with the
    // per-response nonce SvelteKit puts on its own inline bootstrap (hashes on prerendered
    // pages). Styles keep 'unsafe-inline' for Svelte's style attributes and the inlined CSS.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};
