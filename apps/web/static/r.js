// Optional niceties for the citizen rating form; everything works without this file.
// Prevents a double submit and tells the person something is happening on a slow network.
document.addEventListener('submit', (event) => {
  var form = event.target;
  var button = form.querySelector('button[type=submit]');
  if (form.dataset.sent) {
    event.preventDefault();
    return;
  }
  form.dataset.sent = '1';
  if (button) {
    button.textContent = button.getAttribute('data-busy') || button.textContent;
    button.setAttribute('aria-disabled', 'true');
  }
});
