/* marsad map: Leaflet over the shipped Natural Earth basemap; no tiles, nothing from the internet.
   Points only for incidents with a known lat/lon; countries with country-level incidents are shaded.
   Every string from the data is set with textContent (article-derived text is untrusted). */
(function () {
  "use strict";
  var el = document.getElementById("map");
  var dataEl = document.getElementById("map-data");
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var map = L.map(el, { worldCopyJump: true, attributionControl: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.25 });
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Natural Earth (public domain)");
  map.setView([25, 30], 2);
  window.marsadMap = map;

  function radius(p) {
    var n = p.casualties || 0;
    return Math.min(4 + 1.2 * Math.sqrt(n), 30);  // radius ~ sqrt: area grows with killed + wounded
  }

  function popup(p) {
    var box = document.createElement("div");
    var a = document.createElement("a");
    a.href = "/incidents/" + encodeURIComponent(p.id);
    a.textContent = (p.date || "undated") + " · " + (p.label || "");
    box.appendChild(a);
    var lines = [p.kind.replace(/_/g, " ")];
    if (p.perpetrators.length) { lines.push(p.perpetrators.join(", ")); }
    if (p.killed !== null) { lines.push("killed: " + p.killed); }
    if (p.wounded !== null) { lines.push("wounded: " + p.wounded); }
    lines.forEach(function (t) {
      var d = document.createElement("div");
      d.textContent = t;
      box.appendChild(d);
    });
    return box;
  }

  var points = L.featureGroup();
  data.points.forEach(function (p) {
    var hurt = p.killed !== null || p.wounded !== null;
    var m = L.circleMarker([p.lat, p.lon], {
      radius: radius(p), weight: 1.5, color: hurt ? "#7f1d1d" : "#555",
      fillColor: hurt ? "#dc2626" : "#9ca3af", fillOpacity: 0.6, className: "incident-marker"
    });
    m.bindPopup(popup(p));
    m.bindTooltip((p.date || "") + " " + (p.label || ""));
    m.on("click", function () { m.openPopup(); });
    points.addLayer(m);
  });

  var shaded = data.shaded || {};
  var bounds = null;
  fetch("/static/basemap/countries-110m.geojson")
    .then(function (r) { return r.json(); })
    .then(function (geo) {
      var layer = L.geoJSON(geo, {
        interactive: false,
        style: function (f) {
          var code = f.properties.iso_a2;
          var n = code && shaded[code];
          return n
            ? { color: "#92400e", weight: 1, fillColor: "#f59e0b", fillOpacity: Math.min(0.25 + 0.1 * n, 0.7) }
            : { color: "#9ca3af", weight: 0.6, fillColor: "#f3f4f6", fillOpacity: 1 };
        }
      }).addTo(map);
      points.addTo(map).bringToFront();
      if (data.points.length) {
        bounds = points.getBounds();  // frame the precise places
      } else {
        layer.eachLayer(function (l) {  // else the shaded countries
          if (shaded[l.feature.properties.iso_a2]) {
            bounds = bounds ? bounds.extend(l.getBounds()) : L.latLngBounds(l.getBounds());
          }
        });
      }
      if (bounds && bounds.isValid()) {
        map.fitBounds(bounds.pad(0.25), { maxZoom: 6 });
      }
      el.setAttribute("data-ready", "1");
    })
    .catch(function (err) {
      points.addTo(map);
      el.setAttribute("data-ready", "error: " + err);
    });
})();
