// The "Skriv ut" buttons: HTML cannot open the print dialogue, so this file shows the
// buttons and wires them. Without JavaScript they stay hidden; the browser's own print
// command prints the same page (print.css).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
