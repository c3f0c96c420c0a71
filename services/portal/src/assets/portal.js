// fugong portal: small progressive enhancements. Every page works without this file.
(() => {
  'use strict';

  // Typeahead on the search box: suggestions from /suggest (the matcher's, pinyin and initials too).
  for (const input of document.querySelectorAll('input[data-suggest]')) {
    const list = document.getElementById(input.getAttribute('aria-controls'));
    if (!list) continue;
    input.setAttribute('role', 'combobox');
    let timer = 0;
    let active = -1;
    let seq = 0;
    const close = () => {
      list.hidden = true;
      list.replaceChildren();
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    };
    const choose = (text) => {
      input.value = text;
      close();
      input.form?.submit();
    };
    const mark = () => {
      [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
      const li = list.children[active];
      if (li) input.setAttribute('aria-activedescendant', li.id);
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (!q) return close();
      timer = setTimeout(async () => {
        const mine = ++seq;
        try {
          const res = await fetch(`${input.dataset.suggest}?q=${encodeURIComponent(q)}`, { headers: { accept: 'application/json' } });
          const body = await res.json();
          if (mine !== seq) return;
          list.replaceChildren();
          (body.suggestions || []).forEach((text, i) => {
            const li = document.createElement('li');
            li.id = `${list.id}-${i}`;
            li.setAttribute('role', 'option');
            li.textContent = text;
            li.addEventListener('mousedown', (e) => {
              e.preventDefault();
              choose(text);
            });
            list.append(li);
          });
          list.hidden = list.children.length === 0;
          input.setAttribute('aria-expanded', String(!list.hidden));
          active = -1;
        } catch {
          close();
        }
      }, 150);
    });
    input.addEventListener('keydown', (e) => {
      if (list.hidden) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = list.children.length;
        active = (active + (e.key === 'ArrowDown' ? 1 : -1) + n) % n;
        mark();
      } else if (e.key === 'Enter' && active >= 0) {
        e.preventDefault();
        choose(list.children[active].textContent);
      } else if (e.key === 'Escape') close();
    });
    input.addEventListener('blur', () => setTimeout(close, 150));
  }

  // Filters apply without a reload: the results section is fetched and swapped in; the URL follows.
  const results = document.getElementById('results');
  for (const form of document.querySelectorAll('form[data-live]')) {
    const apply = async () => {
      const params = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (v !== '') params.set(k, String(v));
      if (params.get('from') === 'me') params.delete('from');
      const url = `${form.action}?${params}`;
      try {
        const res = await fetch(url, { headers: { accept: 'text/html' } });
        const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
        const fresh = doc.getElementById('results');
        if (fresh && results) {
          results.replaceWith(fresh);
          history.replaceState(null, '', url);
          fresh.querySelector('h2')?.setAttribute('tabindex', '-1');
        } else location.href = url;
      } catch {
        location.href = url;
      }
    };
    form.addEventListener('change', (e) => {
      if (e.target.name !== 'from' || e.target.value !== 'me') apply();
    });
  }

  // "Use my location": the browser's position becomes `near` (never sent anywhere but this portal's search).
  for (const button of document.querySelectorAll('[data-locate]')) {
    if (!('geolocation' in navigator)) {
      button.hidden = true;
      continue;
    }
    button.addEventListener('click', () => {
      navigator.geolocation.getCurrentPosition(
        (pos) => {
          const form = button.form;
          let near = form.querySelector('input[name="near"]');
          if (!near) {
            near = document.createElement('input');
            near.type = 'hidden';
            near.name = 'near';
            form.append(near);
          }
          near.value = `${pos.coords.latitude.toFixed(5)},${pos.coords.longitude.toFixed(5)}`;
          const sort = form.querySelector('select[name="sort"]');
          if (sort) sort.value = 'distance';
          form.submit();
        },
        () => alert('无法获取您的位置，请选择一个区县作为起点'),
        { timeout: 10000 },
      );
    });
  }

  // Live counters on fair pages: refreshed every 15 s from the aggregates endpoint.
  for (const box of document.querySelectorAll('[data-counters]')) {
    const refresh = async () => {
      try {
        const res = await fetch(box.dataset.counters, { headers: { accept: 'application/json' } });
        if (!res.ok) return;
        const data = await res.json();
        for (const dd of box.querySelectorAll('dd[data-key]')) {
          const v = data[dd.dataset.key];
          if (typeof v === 'number') dd.textContent = String(v);
        }
      } catch {
        /* keep the last figures */
      }
    };
    setInterval(refresh, 15000);
  }
})();
