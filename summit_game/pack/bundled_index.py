"""The bundled packs' pack.yaml, as the title screen lists them (see bundled.py).

Written by `python -m summit_game.pack.bundled`; tests/test_bundled_index.py keeps it current.
"""

PACKS = {'anchorage': {'size': 9987,
               'crc32': 3487407055,
               'manifest': {'id': 'anchorage',
                            'title': 'After Anchorage: the talks of August 2025',
                            'version': '2.0',
                            'summary': 'The Trump–Putin summit in Alaska on 15 August 2025 ended without a '
                                       "deal. Take a seat at the talks that follow (Washington's, Kyiv's, "
                                       "London and Paris's, the UN's or Moscow's) and decide among the "
                                       'options one article weighed: trust or incentives, land or war, '
                                       'sanctions, a supervised referendum, Crimea, NATO, money, a UN '
                                       'mission, and the wider order. Every quotation is from Callum Gaskell '
                                       'and Bulent Gokay, "On the Trump-Putin Summit in Alaska", '
                                       'E-International Relations, 18 August 2025 (CC BY-NC 4.0); what '
                                       "follows each choice is the game's model.",
                            'language': 'en',
                            'content_note': 'This scenario is set in a real, ongoing war and mentions '
                                            'territorial loss, casualties, harm to civilians and the risk of '
                                            "nuclear escalation. It follows one article's analysis as of "
                                            'August 2025 (Gaskell and Gokay, E-International Relations, 18 '
                                            'August 2025), one opinion piece among many. It is not a '
                                            "forecast and not the game's own politics: the article speaks "
                                            "only through verbatim quotations, the governments' positions "
                                            "are the game's summary of what they had said by then, and what "
                                            "follows each choice is the game's model, not the article's "
                                            'claim.',
                            'authors': ['The summit-game authors'],
                            'as_of': 'This scenario knows only the article of 18 August 2025.',
                            'start': 'table',
                            'sources': [{'id': 'eir',
                                         'file': 'sources/eir-2025-08-18-trump-putin-summit-alaska.md',
                                         'title': 'On the Trump-Putin Summit in Alaska',
                                         'authors': ['Callum Gaskell', 'Bulent Gokay'],
                                         'publisher': 'E-International Relations',
                                         'date': '2025-08-18',
                                         'url': 'https://www.e-ir.info/2025/08/18/on-the-trump-putin-summit-in-alaska/',
                                         'licence': 'CC BY-NC 4.0 '
                                                    '(https://creativecommons.org/licenses/by-nc/4.0/): '
                                                    'non-commercial use only; credit the authors, Callum '
                                                    'Gaskell and Bulent Gokay; link to the original article '
                                                    'at E-International Relations. The text is reproduced '
                                                    'unchanged.',
                                         'kind': 'article'}],
                            'variables': {'ceasefire': {'label': 'Ceasefire prospects',
                                                        'description': 'How close the parties are to '
                                                                       'stopping the fighting.',
                                                        'start': 4,
                                                        'good': 'high'},
                                          'escalation': {'label': 'Escalation risk',
                                                         'description': 'The risk of a wider or nuclear war, '
                                                                        'the danger the article calls '
                                                                        'pushing Putin into a corner.',
                                                         'start': 4,
                                                         'good': 'low'},
                                          'integrity': {'label': "Ukraine's territorial integrity",
                                                        'description': "How much of Ukraine's land and legal "
                                                                       'borders the emerging deal keeps. '
                                                                       'Alliances and NATO do not move it; '
                                                                       'maps and recognition do.',
                                                        'start': 6,
                                                        'good': 'high',
                                                        'good_for': {'kremlin_negotiator': 'low'}},
                                          'cohesion': {'label': 'Western cohesion',
                                                       'description': 'How far the US, Europe (its eastern '
                                                                      'flank included) and Ukraine still act '
                                                                      'together.',
                                                       'start': 6,
                                                       'good': 'high',
                                                       'good_for': {'kremlin_negotiator': 'low'}},
                                          'alignment': {'label': 'Russia–China alignment',
                                                        'description': 'How far Russia is drawn towards '
                                                                       "China, the article's worry about "
                                                                       'confrontation.',
                                                        'start': 6,
                                                        'good': 'low',
                                                        'good_for': {'kremlin_negotiator': 'none'}},
                                          'harm': {'label': 'Civilian harm',
                                                   'description': "The war's cost to civilians while the "
                                                                  'talks go on.',
                                                   'start': 4,
                                                   'good': 'low'},
                                          'recognised': {'label': 'Russian control of Ukrainian land '
                                                                  'recognised in the deal',
                                                         'start': False},
                                          'federal': {'label': 'Supervised autonomy votes in the east agreed',
                                                      'start': False},
                                          'crimea_vote': {'label': "Supervised vote on Crimea's status "
                                                                   'agreed',
                                                          'start': False},
                                          'un_mission': {'label': 'UN-led mission agreed', 'start': False},
                                          'reassurance': {'label': 'European reassurance force agreed',
                                                          'start': False},
                                          'bilateral': {'label': 'US–Russia bilateral track',
                                                        'start': False}},
                            'roles': [{'id': 'us_envoy',
                                       'title': 'US special envoy',
                                       'briefing': '**You speak for the United States.** Your President '
                                                   'hosted Vladimir Putin in Anchorage on\n'
                                                   '15 August 2025 and called the meeting a success. There '
                                                   'was no ceasefire and no deal.\n'
                                                   '\n'
                                                   "Washington's stated line in August 2025 (the game's "
                                                   'summary): end the war soon, on terms\n'
                                                   'the President can defend at home; no NATO membership for '
                                                   'Ukraine; some security guarantee\n'
                                                   'together with Europe, outside the alliance; Europe to '
                                                   'carry more of the cost; and direct\n'
                                                   'talks with Moscow. You hold what only Washington can '
                                                   'offer: a direct line to Moscow,\n'
                                                   'sanctions to keep or lift, and the air power and '
                                                   'intelligence any peace force would lean on.\n'
                                                   '\n'
                                                   'Your worries: being seen to reward Moscow, allies who '
                                                   'feel left out, and a Russia drifting\n'
                                                   'towards China. Some choices are yours alone.\n'},
                                      {'id': 'ukraine_negotiator',
                                       'title': "Ukraine's negotiator",
                                       'briefing': '**You speak for Ukraine.** You were not in Anchorage. '
                                                   'Russia holds about a fifth of your\n'
                                                   'country and has just broken through in southern '
                                                   'Donetsk.\n'
                                                   '\n'
                                                   "Kyiv's stated line in August 2025 (the game's summary): "
                                                   'a ceasefire first, on the current\n'
                                                   'front line, and talks after it; no legal recognition of '
                                                   'any occupied land, Crimea included;\n'
                                                   'security guarantees that mean something, with NATO '
                                                   'membership still the aim; a strong army\n'
                                                   'as the first guarantee; sanctions kept until Russia '
                                                   'stops; and no deal about Ukraine made\n'
                                                   "without Ukraine. Your constitution says the country's "
                                                   'territory can only change by a vote\n'
                                                   'of all Ukrainians.\n'
                                                   '\n'
                                                   "You cannot win without your allies' weapons, and you "
                                                   'cannot sign what your country will not\n'
                                                   'accept. Some choices are yours alone.\n'},
                                      {'id': 'european_adviser',
                                       'title': 'Adviser to London and Paris',
                                       'briefing': '**You advise the British and French governments**, who '
                                                   'lead the "coalition of the willing"\n'
                                                   'behind Ukraine. Before the summit the British Prime '
                                                   'Minister warned Washington never to\n'
                                                   'trust Putin.\n'
                                                   '\n'
                                                   "Their stated line in August 2025 (the game's summary): "
                                                   'pressure on Moscow until it agrees a\n'
                                                   'ceasefire; the current line of contact as the starting '
                                                   'point of talks; borders not changed\n'
                                                   'by force; a European "reassurance force" in Ukraine once '
                                                   'the guns stop, with American\n'
                                                   'backing; and Europe at the table. Warsaw and the Baltic '
                                                   "capitals, on the alliance's eastern\n"
                                                   'flank, push harder still: Russia is their neighbour, and '
                                                   'they want it contained.\n'
                                                   '\n'
                                                   'You hold two permanent seats on the UN Security Council, '
                                                   'sanctions of your own, and a large\n'
                                                   'share of the money Ukraine will need. Some choices are '
                                                   'yours alone.\n'},
                                      {'id': 'un_mediator',
                                       'title': 'UN mediator',
                                       'briefing': '**You represent the UN Secretary-General.** You have no '
                                                   'army and no money of your own.\n'
                                                   "The UN's stated line (the game's summary): a just and "
                                                   'lasting peace in line with the UN\n'
                                                   "Charter, international law and the General Assembly's "
                                                   "resolutions, which uphold Ukraine's\n"
                                                   'territorial integrity; civilians protected first.\n'
                                                   '\n'
                                                   'What you can offer is supervision: of votes, of '
                                                   'ceasefire lines, of a peacekeeping mission\n'
                                                   'if the Security Council mandates one. Russia sits on '
                                                   'that Council, with a veto, and so do\n'
                                                   'the United States, Britain and France.\n'
                                                   '\n'
                                                   'Your measure of success: fewer civilians harmed, and '
                                                   'talks that keep going. Some choices\n'
                                                   'are yours alone: the first small steps, how the UN would '
                                                   'run a vote, and what a mission\n'
                                                   'would put first.\n'},
                                      {'id': 'kremlin_negotiator',
                                       'title': 'Kremlin negotiator',
                                       'briefing': '**You speak for Russia.** Your President was received in '
                                                   'Alaska on a red carpet and gave\n'
                                                   'nothing away. Your forces are advancing in southern '
                                                   'Donetsk.\n'
                                                   '\n'
                                                   "Moscow's stated line in August 2025 (the game's "
                                                   'summary): a full settlement rather than a\n'
                                                   'ceasefire first; Ukraine neutral, outside NATO, with '
                                                   "limits on its army; Kyiv's forces out of\n"
                                                   'the Donetsk and Luhansk regions; Crimea and the other '
                                                   'land Russia holds recognised as\n'
                                                   'Russian; sanctions lifted; no Western troops in Ukraine '
                                                   'under any flag; what Moscow calls the\n'
                                                   '"root causes" of the war addressed; and business done '
                                                   'directly with Washington.\n'
                                                   '\n'
                                                   'Kyiv, most of Europe and a large majority of the UN '
                                                   "General Assembly have condemned Russia's\n"
                                                   'annexations as illegal. Your meters show what serves '
                                                   "Moscow's stated aims, not what the game\n"
                                                   'endorses. Some choices are yours alone.\n'}],
                            'routes': [{'id': 'full',
                                        'title': 'Full negotiation',
                                        'summary': 'Every round of the talks: 11 or 12 decisions (no '
                                                   'referendum if the east is conceded), 20 to 30 minutes.'},
                                       {'id': 'short',
                                        'title': 'Icebreaker',
                                        'summary': 'Four or five decisions, about ten minutes: land or war, '
                                                   'the land swap, a referendum (none if the east is '
                                                   'conceded), NATO, a peace mission.',
                                        'start': 'battlefield',
                                        'set': {'escalation': 5}}]}},
 'tutorial': {'size': 1857,
              'crc32': 1149061319,
              'manifest': {'id': 'tutorial',
                           'title': 'The River Bridge (tutorial)',
                           'version': '1.0',
                           'summary': 'A five-minute sample pack: two villages, one bridge, and a council '
                                      'meeting.',
                           'language': 'en',
                           'content_note': 'A made-up story written to show how packs work.',
                           'as_of': 'This story knows only the memo of 25 November 2026.',
                           'authors': ['The summit-game authors'],
                           'start': 'council',
                           'sources': [{'id': 'memo',
                                        'file': 'sources/river-memo.md',
                                        'title': 'A Memo on the River Bridge',
                                        'authors': ['The summit-game authors'],
                                        'publisher': 'summit-game tutorial',
                                        'date': '2026-11-25',
                                        'url': 'https://example.org/summit-game/tutorial',
                                        'licence': 'CC0 1.0: written for this tutorial, no rights reserved',
                                        'kind': 'memo'}],
                           'variables': {'trust': {'label': 'Trust between the banks',
                                                   'description': 'How far each village believes the other '
                                                                  'will keep its word.',
                                                   'start': 3,
                                                   'min': 0,
                                                   'max': 10,
                                                   'good': 'high'},
                                         'cost': {'label': 'Cost to the villages',
                                                  'description': 'What the quarrel costs both banks, in '
                                                                 'money and work.',
                                                  'start': 2,
                                                  'min': 0,
                                                  'max': 10,
                                                  'good': 'low'},
                                         'mediator': {'type': 'flag',
                                                      'label': 'Mediator keeps the accounts',
                                                      'start': False}},
                           'roles': [{'id': 'east',
                                      'title': 'Envoy of the east bank',
                                      'briefing': 'Your village **built** the bridge. You want it '
                                                  'recognised, and you do not want to pay for a second '
                                                  'one.\n',
                                      'start': {'trust': 2}},
                                     {'id': 'west',
                                      'title': 'Envoy of the west bank',
                                      'briefing': 'Your village **repaired** the bridge after the flood. You '
                                                  'want your work to count.\n'}],
                           'routes': [{'id': 'full',
                                       'title': 'Full meeting',
                                       'summary': 'Every scene (about five minutes).'},
                                      {'id': 'quick',
                                       'title': 'Quick round',
                                       'summary': 'One decision, for a first try.',
                                       'start': 'proposal'}]}}}
