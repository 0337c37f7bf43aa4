// The window rating device runs in the browser alone: it must start from the service worker's
// cache with the network down, so there is nothing for the server to render.
export const ssr = false;
