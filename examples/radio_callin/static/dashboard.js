// The DJ's desk: a Voice SDK Device made with the page's token, buttons to take callers and
// to end each call with "*", and the queue's figures drawn from /queue-status.
"use strict";

const page = document.body;
const state = document.getElementById("device-state");
const take = document.getElementById("take");
const next = document.getElementById("next");
let call = null;

const device = new Twilio.Device(page.dataset.token, { logLevel: "error" });
// Which token the phone holds, for anyone checking the page (its tests do).
page.dataset.deviceToken = device.token === page.dataset.token ? "page" : "other";
state.textContent = "Phone ready.";
device.on("error", (error) => { state.textContent = "Phone error: " + error.message; });

take.addEventListener("click", async () => {
  call = await device.connect({ params: { role: "dj" } });
  next.disabled = false;
  call.on("disconnect", () => { next.disabled = true; call = null; });
});
next.addEventListener("click", () => { if (call) call.sendDigits("*"); });

function drawChart(waits) {
  const svg = document.getElementById("chart");
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  const width = Number(svg.getAttribute("width"));
  const height = Number(svg.getAttribute("height"));
  const longest = Math.max(60, ...waits);
  const bar = waits.length ? Math.min(40, (width - 10) / waits.length - 4) : 0;
  waits.forEach((seconds, index) => {
    const rect = document.createElementNS(ns, "rect");
    const tall = Math.round((height - 20) * seconds / longest);
    rect.setAttribute("x", String(5 + index * (bar + 4)));
    rect.setAttribute("y", String(height - tall));
    rect.setAttribute("width", String(bar));
    rect.setAttribute("height", String(tall));
    rect.setAttribute("fill", "#3b7dd8");
    rect.dataset.wait = String(seconds);
    const title = document.createElementNS(ns, "title");
    title.textContent = seconds + " s";
    rect.appendChild(title);
    svg.appendChild(rect);
  });
}

async function refresh() {
  const response = await fetch("/queue-status");
  const status = await response.json();
  document.getElementById("size").textContent = String(status.size);
  document.getElementById("average").textContent = String(status.average_wait);
  drawChart(status.waits);
  page.dataset.refreshed = String(Number(page.dataset.refreshed || 0) + 1);
}

refresh();
setInterval(refresh, Number(page.dataset.interval || 2000));
