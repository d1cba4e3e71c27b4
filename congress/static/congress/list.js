// List tables on a phone: each row's name on a line of its own, its other columns under it,
// each labelled with its column's heading (site.css, under "Phones"). The labels are copied
// here from the headings, so that every list template keeps writing plain cells; without
// script the table keeps its columns and scrolls sideways under its sticky name column.
"use strict";

document.querySelectorAll("table.records").forEach((table) => {
  const labels = Array.from(table.tHead.rows[0].cells, (cell) => cell.dataset.label || "");
  for (const row of table.tBodies[0].rows) {
    Array.from(row.cells).forEach((cell, index) => {
      if (labels[index] && !cell.dataset.label) {
        cell.dataset.label = labels[index];
      }
    });
  }
  table.classList.add("labelled");
});
