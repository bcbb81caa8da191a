/* site.js - progressive enhancement only: every page works without it.
 * Text size and print buttons on practice pages; on the catalogue, results,
 * counts and filters update as the reader types or clicks, from the JSON
 * API, with the address kept in step (back and forward work).
 * SPDX-License-Identifier: MIT */
'use strict';
(function () {
	var KEY = 'intercity.textScale';
	var scale = parseFloat(localStorage.getItem(KEY) || '1');

	function applyScale(s) {
		document.documentElement.style.setProperty('--text-scale', String(s));
	}
	if (!(scale >= 0.8 && scale <= 1.6)) scale = 1;
	applyScale(scale);

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text != null) e.textContent = text;
		return e;
	}

	/* ---- practice pages ---------------------------------------------- */

	function tools() {
		document.querySelectorAll('.js[hidden]').forEach(function (e) { e.hidden = false; });
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
	}

	/* ---- the catalogue ------------------------------------------------ */

	function catalogue(form) {
		/* On a phone the results come first: the filters start folded,
		 * on every faceted page (catalogue, networks, cooperation). */
		var panel = form.querySelector('details.facets');
		if (panel && window.matchMedia('(max-width: 48rem)').matches) panel.open = false;

		var results = form.querySelector('section.results');
		/* Only the practices catalogue says how to redraw itself; other
		 * faceted pages (networks, cooperation) submit as plain forms. */
		if (!results || !results.dataset.lang || !window.fetch || !window.URLSearchParams) return;
		var d = results.dataset;
		var lang = d.lang;
		var nf = new Intl.NumberFormat(lang);
		var base = form.getAttribute('action');
		var timer = null, seq = 0;

		/* Live updates make the apply buttons unnecessary. */
		form.querySelectorAll('.apply button, .sort button').forEach(function (b) { b.hidden = true; });

		function params(page) {
			var p = new URLSearchParams();
			new FormData(form).forEach(function (v, k) {
				if (v !== '' && !(k === 'sort' && !sortChosen)) p.append(k, v);
			});
			if (page > 1) p.set('page', String(page));
			return p;
		}
		var sortChosen = new URLSearchParams(location.search).has('sort');

		function plural(n) {
			var many = lang === 'fr' ? n > 1 : n !== 1;
			return (many ? d.many : d.one).replace('%s', nf.format(n));
		}

		function hitItem(h, qs) {
			var li = el('li', 'hit'), art = el('article'), h3 = el('h3'), a = el('a', null, h.title);
			a.href = h.url + (qs ? '?' + qs : '');
			if (h.title_lang && h.title_lang !== lang) h3.lang = h.title_lang;
			h3.appendChild(a);
			art.appendChild(h3);
			var meta = [h.city && h.city.name, h.country && h.country.name].filter(Boolean).join(', ');
			art.appendChild(el('p', 'meta', meta + (h.year ? ' · ' + h.year : '')));
			if (h.snippet_html) {
				var s = el('p', 'snippet');
				/* Escaped by the server; it adds only <mark>. */
				s.innerHTML = h.snippet_html;
				if (h.title_lang && h.title_lang !== lang) s.lang = h.title_lang;
				art.appendChild(s);
			}
			if (h.topics && h.topics.length) {
				var ul = el('ul', 'tags');
				h.topics.forEach(function (t) {
					var tl = el('li'), ta = el('a', null, t.name);
					ta.href = base + '?topic=' + encodeURIComponent(t.slug);
					tl.appendChild(ta);
					ul.appendChild(tl);
				});
				art.appendChild(ul);
			}
			li.appendChild(art);
			return li;
		}

		/* The facet panel as the server would draw it for these results:
		 * counts updated, values that appeared added, vanished ones dropped
		 * unless ticked (topics keep all their values, as on the server). */
		var cityMax = 15, collator = new Intl.Collator(lang);
		function facetItem(fs, key, v) {
			var li = el('li'), input = el('input'), label = el('label', null, v.label + ' ');
			input.type = 'checkbox';
			input.id = 'f-' + key + '-' + v.value;
			input.name = key;
			input.value = v.value;
			label.htmlFor = input.id;
			label.appendChild(el('span', 'count', '0'));
			li.appendChild(input);
			li.appendChild(label);
			return li;
		}
		function counts(facets) {
			form.querySelectorAll('fieldset.facet[data-facet]').forEach(function (fs) {
				var key = fs.dataset.facet, list = facets[key] || [], by = {}, ul = fs.querySelector('ul');
				if (!ul) return;
				list.forEach(function (v) { by[v.value] = v; });
				var items = {};
				ul.querySelectorAll('li').forEach(function (li) { items[li.querySelector('input').value] = li; });
				if (key !== 'topic') {
					list.forEach(function (v) { if (!items[v.value]) items[v.value] = facetItem(fs, key, v); });
				}
				var keep = Object.keys(items).filter(function (value) {
					var li = items[value];
					return key === 'topic' || by[value] || li.querySelector('input').checked;
				});
				keep.sort(function (a, b) {
					if (key === 'year') return b.localeCompare(a);
					if (key === 'city') {
						var ca = by[a] ? by[a].count : 0, cb = by[b] ? by[b].count : 0;
						if (ca !== cb) return cb - ca;
					}
					return collator.compare(items[a].querySelector('label').firstChild.textContent,
						items[b].querySelector('label').firstChild.textContent);
				});
				var want = [];
				keep.forEach(function (value) {
					var li = items[value], c = by[value] ? by[value].count : 0;
					if (key === 'city' && want.length >= cityMax && !li.querySelector('input').checked) return;
					li.querySelector('.count').textContent = nf.format(c);
					li.classList.toggle('none', c === 0);
					want.push(li);
				});
				/* Move only what is out of place: a moved element loses
				 * the keyboard focus, and the reader may be on a box. */
				want.forEach(function (li, i) {
					if (ul.children[i] !== li) ul.insertBefore(li, ul.children[i] || null);
				});
				while (ul.children.length > want.length) ul.removeChild(ul.lastElementChild);
			});
		}

		/* The language switcher and the alternates follow the address. */
		function switcher(qs) {
			document.querySelectorAll('nav.langs a, link[rel=alternate][hreflang]').forEach(function (a) {
				var h = a.getAttribute('href').split('?')[0];
				a.setAttribute('href', h + (qs ? '?' + qs : ''));
			});
		}

		function chips() {
			var old = results.querySelector('ul.chips'), ul = el('ul', 'chips'), any = false;
			ul.setAttribute('aria-label', d.filters);
			form.querySelectorAll('fieldset.facet input:checked').forEach(function (input) {
				var legend = input.closest('fieldset').querySelector('legend').textContent;
				var label = form.querySelector('label[for="' + input.id + '"]').firstChild.textContent.trim();
				var li = el('li'), b = el('button', 'chip');
				b.type = 'button';
				b.appendChild(el('span', 'vh', d.remove + ' '));
				b.appendChild(document.createTextNode(legend + ': ' + label + ' '));
				var x = el('span', null, '×');
				x.setAttribute('aria-hidden', 'true');
				b.appendChild(x);
				b.addEventListener('click', function () { input.checked = false; update(1, true); });
				li.appendChild(b);
				ul.appendChild(li);
				any = true;
			});
			['from', 'to'].forEach(function (name) {
				var sel = form.elements[name];
				if (!sel || !sel.value) return;
				var li = el('li'), b = el('button', 'chip');
				b.type = 'button';
				b.appendChild(el('span', 'vh', d.remove + ' '));
				b.appendChild(document.createTextNode((name === 'from' ? d.from : d.until) + ': ' + sel.value + ' '));
				b.addEventListener('click', function () { sel.value = ''; update(1, true); });
				li.appendChild(b);
				ul.appendChild(li);
				any = true;
			});
			if (any) {
				var li = el('li'), a = el('a', 'reset', d.reset);
				a.href = base;
				li.appendChild(a);
				ul.appendChild(li);
			}
			if (old) old.remove();
			if (any) results.querySelector('.bar').after(ul);
		}

		function pages(total, page, perPage) {
			var old = results.querySelector('nav.pages');
			if (old) old.remove();
			var n = Math.min(1000, Math.ceil(total / perPage));
			if (n <= 1) return;
			var nav = el('nav', 'pages'), ul = el('ul');
			nav.setAttribute('aria-label', d.pages);
			function link(p, label, rel) {
				var li = el('li'), a = el('a', null, label);
				a.href = base + '?' + params(p).toString();
				if (rel) a.rel = rel;
				if (p === page) a.setAttribute('aria-current', 'page');
				a.addEventListener('click', function (ev) { ev.preventDefault(); update(p, true); window.scrollTo(0, form.offsetTop); });
				li.appendChild(a);
				ul.appendChild(li);
			}
			if (page > 1) link(page - 1, d.prev, 'prev');
			var from = Math.max(1, page - 3), to = Math.min(n, from + 6);
			for (var p = from; p <= to; p++) link(p, nf.format(p));
			if (page < n) link(page + 1, d.next, 'next');
			nav.appendChild(ul);
			results.querySelector('.downloads').before(nav);
		}

		function render(data, page) {
			var qs = params(page).toString();
			results.querySelector('.total').textContent = plural(data.total);
			var ol = results.querySelector('ol.hits'), empty = results.querySelector('p.empty');
			if (ol) ol.remove();
			if (empty) empty.remove();
			if (data.hits.length) {
				ol = el('ol', 'hits');
				ol.start = (page - 1) * data.per_page + 1;
				data.hits.forEach(function (h) { ol.appendChild(hitItem(h, qs)); });
				results.querySelector('.bar').parentNode.insertBefore(ol, results.querySelector('.downloads'));
			} else {
				results.querySelector('.downloads').before(el('p', 'empty', d.empty));
			}
			counts(data.facets || {});
			chips();
			switcher(params(page).toString());
			pages(data.total, page, data.per_page);
			results.querySelectorAll('.downloads a').forEach(function (a) {
				var u = a.getAttribute('href').split('?')[0];
				a.setAttribute('href', u + '?' + params(1).toString());
			});
		}

		function update(page, push, typing) {
			var p = params(page), api = new URLSearchParams(p);
			api.set('lang', lang);
			if (typing) api.set('prefix', '1');
			var mine = ++seq;
			fetch('/api/v1/search?' + api.toString(), { headers: { Accept: 'application/json' } })
				.then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
				.then(function (data) {
					if (mine !== seq) return;	/* a newer request is on its way */
					render(data, page);
					var url = base + (p.toString() ? '?' + p.toString() : '');
					if (push) history.pushState({ intercity: 1 }, '', url);
					else history.replaceState({ intercity: 1 }, '', url);
				})
				.catch(function () { /* the plain form still works: submit it */ });
		}

		form.addEventListener('change', function (ev) {
			if (ev.target.name === 'sort') sortChosen = true;
			if (ev.target.name !== 'q') update(1, true);
		});
		form.elements.q.addEventListener('input', function () {
			clearTimeout(timer);
			timer = setTimeout(function () { update(1, false, true); }, 180);
		});
		form.addEventListener('submit', function (ev) { ev.preventDefault(); clearTimeout(timer); update(1, true); });
		window.addEventListener('popstate', function () {
			/* Put the form back as the address says, then redraw. */
			var p = new URLSearchParams(location.search);
			form.elements.q.value = p.get('q') || '';
			form.querySelectorAll('fieldset.facet input[type=checkbox]').forEach(function (i) {
				i.checked = p.getAll(i.name).indexOf(i.value) >= 0;
			});
			['from', 'to', 'sort'].forEach(function (k) {
				if (form.elements[k]) form.elements[k].value = p.get(k) || (k === 'sort' ? form.elements[k].value : '');
			});
			sortChosen = p.has('sort');
			update(parseInt(p.get('page') || '1', 10) || 1, false);
		});
	}

	/* On a phone a co-membership graph is wider than the screen and
	 * scrolls inside its box: start it at the page's own node. */
	function graphs() {
		document.querySelectorAll('.comembers .scroll').forEach(function (f) {
			var n = f.querySelector('.node.focus');
			if (!n || f.scrollWidth <= f.clientWidth) return;
			var r = n.getBoundingClientRect(), fr = f.getBoundingClientRect();
			f.scrollLeft += r.left + r.width / 2 - (fr.left + f.clientWidth / 2);
		});
	}

	document.addEventListener('DOMContentLoaded', function () {
		tools();
		graphs();
		var form = document.querySelector('form.catalogue');
		if (form) catalogue(form);
	});
})();
