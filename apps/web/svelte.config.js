import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter({ out: 'build' }),
    // Inline small CSS so the citizen page loads in one round trip on slow networks.
    inlineStyleThreshold: 8192,
  },
};
