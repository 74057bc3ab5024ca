// The drawn signature: pointer strokes on a canvas, sent as a PNG in the hidden field.
// Without JavaScript the canvas stays hidden and the typed name + attestation remain.
(function () {
  "use strict";
  var form = document.getElementById("signature-form");
  var canvas = document.getElementById("signature-pad");
  if (!form || !canvas) return;
  document.getElementById("pad-block").hidden = false;
  var field = form.querySelector("input[name=drawing]");
  var ctx = canvas.getContext("2d");
  ctx.lineWidth = 2.5;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.strokeStyle = "#111";
  var drawing = false;
  var length = 0;
  var last = null;

  function point(event) {
    var box = canvas.getBoundingClientRect();
    return {
      x: (event.clientX - box.left) * (canvas.width / box.width),
      y: (event.clientY - box.top) * (canvas.height / box.height),
    };
  }
  canvas.addEventListener("pointerdown", function (event) {
    drawing = true;
    last = point(event);
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) return;
    var p = point(event);
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    length += Math.hypot(p.x - last.x, p.y - last.y);
    last = p;
  });
  function stop() {
    drawing = false;
  }
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);
  document.getElementById("pad-clear").addEventListener("click", function () {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    length = 0;
    field.value = "";
  });
  form.addEventListener("submit", function () {
    // A dot or a tick is not a signature: only a real stroke is sent.
    field.value = length > 40 ? canvas.toDataURL("image/png") : "";
  });
})();
