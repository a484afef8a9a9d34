// A listener calls the show from the browser: the TwiML App's /voice puts the call in the queue.
"use strict";

const page = document.body;
const state = document.getElementById("state");
const callButton = document.getElementById("call");
const hangUp = document.getElementById("hang-up");
const device = new Twilio.Device(page.dataset.token, { logLevel: "error" });
let call = null;

callButton.addEventListener("click", async () => {
  call = await device.connect();
  state.textContent = "Calling the show…";
  hangUp.disabled = false;
  call.on("disconnect", () => { state.textContent = "Call ended."; hangUp.disabled = true; call = null; });
});
hangUp.addEventListener("click", () => { if (call) call.disconnect(); });
