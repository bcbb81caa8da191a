/* site.js - progressive enhancement only: every page works without it.
 * SPDX-License-Identifier: MIT */
'use strict';
(function () {
	var KEY = 'intercity.textScale';

	/* Text size - and +, remembered across pages. */
	function applyScale(s) {
		document.documentElement.style.setProperty('--text-scale', String(s));
	}
	var scale = parseFloat(localStorage.getItem(KEY) || '1');
	if (!(scale >= 0.8 && scale <= 1.6)) scale = 1;
	applyScale(scale);

	document.addEventListener('DOMContentLoaded', function () {
		var js = document.querySelectorAll('.js[hidden]');
		for (var i = 0; i < js.length; i++) js[i].hidden = false;
		document.querySelectorAll('[data-textsize]').forEach(function (b) {
			b.addEventListener('click', function () {
				var d = parseInt(b.getAttribute('data-textsize'), 10);
				scale = Math.round(Math.min(1.6, Math.max(0.8, scale + d * 0.1)) * 10) / 10;
				localStorage.setItem(KEY, String(scale));
				applyScale(scale);
			});
		});
		document.querySelectorAll('[data-print]').forEach(function (b) {
			b.addEventListener('click', function () { window.print(); });
		});
	});
})();
