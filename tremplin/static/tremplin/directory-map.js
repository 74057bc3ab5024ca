// Map of the partner directory's results: progressive enhancement over the list.
// Reads the markers from the JSON script tag #map-markers and the tile server from the
// container's data attributes; without JavaScript or tiles, the list stays the reference.
(function () {
  "use strict";
  function init() {
    var container = document.getElementById("directory-map");
    var data = document.getElementById("map-markers");
    if (!container || !data || typeof L === "undefined") return;
    var markers = JSON.parse(data.textContent);
    var originData = document.getElementById("map-origin");
    var origin = originData ? JSON.parse(originData.textContent) : null;
    if (!markers.length && !origin) return;
    container.hidden = false;
    var map = L.map(container, { scrollWheelZoom: false });
    var tiles = container.dataset.tilesUrl;
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: container.dataset.attribution || "" }).addTo(map);
    }
    var bounds = [];
    markers.forEach(function (m) {
      var marker = L.marker([m.lat, m.lon], { title: m.name + " — " + m.structure, alt: m.name });
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = m.url;
      link.textContent = m.name;
      var strong = document.createElement("strong");
      strong.appendChild(link);
      popup.appendChild(strong);
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(m.structure + (m.distance ? " · " + m.distance : "")));
      marker.bindPopup(popup);
      marker.addTo(map);
      bounds.push([m.lat, m.lon]);
    });
    if (origin) {
      L.circleMarker([origin.lat, origin.lon], { radius: 8, color: "#0b5394", fillOpacity: 0.6 })
        .bindTooltip(origin.name)
        .addTo(map);
      bounds.push([origin.lat, origin.lon]);
    }
    if (bounds.length === 1) {
      map.setView(bounds[0], 12);
    } else {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 });
    }
    container.setAttribute("data-ready", String(markers.length));
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
