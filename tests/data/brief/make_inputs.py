#!/usr/bin/env python3
"""Builds the briefing test inputs (BriefInput as JSON) from real recorded data.

Sources (all real, see tests/data/SOURCES.md):
  - /work/shared/datasets/arxiv-daily-2026-06-rss/*.xml  (daily rss.arxiv.org listings, June 2026)
  - tests/data/biorxiv/biorxiv_api_details_category_cancer_biology_18.json
  - tests/data/biorxiv/medrxiv_api_details_3of72_reserialized.json
Titles and abstracts are copied verbatim (medRxiv section markers are turned into
paragraph breaks, as the bioRxiv parser does). Only the ranking, scores and radar
reasons are invented: they stand for a radar's output.

Usage: python3 make_inputs.py /work/shared/datasets/arxiv-daily-2026-06-rss
"""
import glob, json, os, re, sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
DC = '{http://purl.org/dc/elements/1.1/}'
AX = '{http://arxiv.org/schemas/atom}'


def load_arxiv(dirname):
    out = {}
    for f in sorted(glob.glob(os.path.join(dirname, '*.xml'))):
        day = os.path.basename(f)[:-4]
        for it in ET.parse(f).getroot().find('channel').findall('item'):
            aid = it.find('link').text.rsplit('/', 1)[1]
            if aid in out:
                continue
            d = it.find('description').text or ''
            m = re.search(r'Abstract:\s*(.*)', d, re.S)
            cats = [c.text for c in it.findall('category')]
            cross = it.find(AX + 'announce_type').text == 'cross'
            # The feed lists categories sorted; a cross-list's primary is outside the
            # feed's cs.CV/cs.CL/cs.AI: take the first non-cs archive if there is one.
            field = 'cs'
            if cross:
                other = [c.split('.')[0] for c in cats if not c.startswith('cs.')]
                if other:
                    field = other[0]
            primary = cats[0] if not cross or field == 'cs' else next(
                c for c in cats if c.split('.')[0] == field)
            cr = it.find(DC + 'creator')
            out[aid] = dict(id=aid, title=' '.join(it.find('title').text.split()),
                            abstract=' '.join((m.group(1) if m else d).split()),
                            authors=[a.strip() for a in (cr.text or '').split(',') if a.strip()] if cr is not None else [],
                            date=day, field=field,
                            badge='arXiv (%s)' % primary, url='https://arxiv.org/abs/' + aid)
    return out


def clean_rxiv(text):
    text = re.sub(r'[OC]_(ST_ABS|LI|LIO|SCPLOW|FIG|TBL)\w*', ' ', text)
    return ' '.join(text.split())


def load_rxiv(path, server):
    out = {}
    for c in json.load(open(path))['collection']:
        cat = c['category']
        out[c['doi']] = dict(id='doi:' + c['doi'].lower(), title=' '.join(c['title'].split()),
                             abstract=clean_rxiv(c['abstract']),
                             authors=[a.strip() for a in c['authors'].split(';') if a.strip()],
                             date=c['date'], field='%s:%s' % (server, cat.replace(' ', '-')),
                             badge='%s (%s)' % ('bioRxiv' if server == 'biorxiv' else 'medRxiv', cat.title()),
                             url='https://www.%s.org/content/%sv%s' % (server, c['doi'], c['version']))
    return out


def build(name, radar, order, pool, date_from, date_to):
    papers = []
    for i, key in enumerate(order):
        p = dict(pool[key])
        p['score'] = round(0.95 - 0.02 * i, 2)
        p['reasons'] = ['similar to %d papers in your library' % (5 - i % 5)]
        p['tldr'] = ''
        papers.append(p)
    doc = dict(radar=radar, lang='en', date_from=date_from, date_to=date_to, papers=papers)
    with open(os.path.join(HERE, name), 'w') as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write('\n')


def main():
    pool = load_arxiv(sys.argv[1])
    pool.update(load_rxiv(os.path.join(DATA, 'biorxiv/biorxiv_api_details_category_cancer_biology_18.json'), 'biorxiv'))
    pool.update(load_rxiv(os.path.join(DATA, 'biorxiv/medrxiv_api_details_3of72_reserialized.json'), 'medrxiv'))
    B = '10.64898/2026.'
    # A "computational pathology and spatial omics" radar: 30 papers, ranked.
    radar30 = [
        '2606.02424', B + '08.30.748106', '2606.14251', '2606.06224', '2605.30510',
        '2606.04228', B + '09.04.749345', '2606.28395', '2606.19966', '2606.24235',
        B + '09.03.749153', '2606.15305', '2606.06864', '2606.21156', B + '09.03.749222',
        '2606.03422', '2606.04764', B + '08.21.746295', '2606.08641', '2606.19300',
        '2606.14603', B + '09.03.748963', '2606.27579', '10.1101/2025.03.25.645286', '2606.02386',
        '2606.30374', B + '09.04.749378', '2606.12346', B + '09.03.749238', B + '09.13.26362948',
    ]
    build('radar_pathology_30.json', 'Computational pathology & spatial omics', radar30, pool,
          '2026-06-01', '2026-09-14')
    # Two clearly different topics: LLM reasoning with RL (cs.CL) and cancer cell biology (bioRxiv).
    two = ['2605.31584', B + '04.19.716936', '2606.00020', B + '09.03.748963', '2606.03021',
           B + '09.03.749302', '2606.03965', B + '09.03.749222', '2606.01464', B + '09.04.749413',
           '2606.02465', B + '09.03.749206']
    build('two_topics_12.json', 'Mixed', two, pool, '2026-06-01', '2026-09-07')


if __name__ == '__main__':
    main()
