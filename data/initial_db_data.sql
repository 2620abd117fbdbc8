-- LearnAnything: the initial rows (demo learner, course author, two courses, learning resources).
--
-- Loaded by `flask seed` and init_db.py through app/services/seeding.py, unchanged on SQLite and
-- PostgreSQL. Rules that keep it portable and idempotent (loading it twice changes nothing):
--   * every statement is INSERT INTO ... VALUES (...) ON CONFLICT DO NOTHING and relies on a unique
--     constraint (users.username, courses.slug, topics course+slug, questions topic+position...),
--   * no explicit ids: foreign keys are sub-selects on natural keys (usernames, slugs), so the
--     PostgreSQL sequences stay in step,
--   * parents come before their children (users, courses, then topics from the root down),
--   * JSON columns take a string literal, booleans are TRUE/FALSE, dates are CURRENT_TIMESTAMP,
--   * a statement ends with a semicolon at the end of a line, and string literals contain neither
--     a semicolon (the loader splits on them) nor a percent sign (psycopg reads it as a placeholder).
--     A quote inside a string is doubled: 'l''étoile'.
--   * a question's first accepted answer is the canonical one shown to learners. Numeric answers
--     use a decimal comma (2,5) and the tolerance column gives the accepted absolute error.

-- Users ------------------------------------------------------------------------------
-- The founding document's test learner. Password: etoiles-et-planetes (see README).
-- The session token is public here: the seed loader replaces it with a random one.
-- Its example.com address receives no mail: it is marked verified so the demo login works.
INSERT INTO users (username, email, password_hash, role, active, session_token, locale, created_at, updated_at, email_verified_at) VALUES (
  'testuser',
  'testuser@example.com',
  '$argon2id$v=19$m=65536,t=3,p=4$0WQikCDDlSRYLtXNSXplMA$1T9eNnjyqraYQi3LLXNayuSsQYEtXlJM3PwcAawvtmY',
  'learner',
  TRUE,
  'seed-testuser-0001',
  NULL,
  CURRENT_TIMESTAMP,
  CURRENT_TIMESTAMP,
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

-- The author of the seeded courses. No password: it owns the seeded courses and never logs in.
INSERT INTO users (username, email, password_hash, role, active, session_token, locale, created_at, updated_at) VALUES (
  'redaction',
  'redaction@example.com',
  NULL,
  'author',
  TRUE,
  'seed-redaction-0001',
  NULL,
  CURRENT_TIMESTAMP,
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

INSERT INTO preferences (user_id, communication_style, learning_pace, learning_style, custom_preferences, updated_at) VALUES (
  (SELECT id FROM users WHERE username = 'testuser'),
  'informal',
  'moderate',
  'visual',
  '',
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

-- Course 1: astronomie --------------------------------------------------------------
INSERT INTO courses (slug, title, description, language, published, author_id, created_at, updated_at) VALUES (
  'astronomie',
  'Cours d''Astronomie',
  'Du Système solaire aux origines de l''Univers : planètes, lunes, étoiles, galaxies, trous noirs et Big Bang, en onze chapitres courts avec des questions de difficulté croissante.',
  'fr',
  TRUE,
  (SELECT id FROM users WHERE username = 'redaction'),
  CURRENT_TIMESTAMP,
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

-- Cours d'Astronomie
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  NULL,
  0,
  'cours-d-astronomie',
  'Cours d''Astronomie',
  'L''astronomie est la science qui observe le ciel et explique ce qu''on y voit. **Tout ce qui brille là-haut obéit aux mêmes lois physiques que sur Terre, à commencer par la gravitation.**

Ce cours part de notre voisinage et s''éloigne pas à pas :

- le Système solaire, notre étoile et tout ce qui tourne autour d''elle,
- les étoiles, leur naissance, leur vie et leur mort,
- les galaxies, immenses rassemblements d''étoiles,
- les trous noirs, les objets les plus denses de l''Univers,
- le Big Bang, l''histoire de l''Univers tout entier.

Chaque chapitre se termine par des questions. Réponds-y pour progresser, puis reviens-y quand elles te sont proposées en révision : c''est en se rappelant qu''on retient.'
) ON CONFLICT DO NOTHING;

-- Système Solaire
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'cours-d-astronomie'),
  0,
  'systeme-solaire',
  'Système Solaire',
  'Le Système solaire est né il y a environ 4,6 milliards d''années de l''effondrement d''un nuage de gaz et de poussière. **Le Soleil concentre à lui seul plus de 99,8 pour cent de la masse du Système solaire, et sa gravité gouverne tout le reste.**

- Autour de lui tournent les planètes, sur des orbites presque circulaires et presque dans un même plan.
- La plupart des planètes ont leurs propres satellites, les lunes.
- Des milliards de petits corps, astéroïdes et comètes, sont les débris de sa formation.

La distance moyenne entre la Terre et le Soleil, environ 150 millions de kilomètres, sert d''unité de mesure : c''est l''unité astronomique.'
) ON CONFLICT DO NOTHING;

-- Planètes
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'systeme-solaire'),
  0,
  'planetes',
  'Planètes',
  'Depuis 2006, l''Union astronomique internationale appelle planète un corps qui tourne autour du Soleil, assez massif pour être rond, et qui a fait le ménage sur son orbite. Pluton, trop petite pour cela, est devenue une planète naine. **On distingue quatre planètes telluriques, rocheuses et proches du Soleil, et quatre planètes géantes, gazeuses ou glacées, plus lointaines.**

- Telluriques : Mercure, la plus proche du Soleil, puis Vénus, la Terre et Mars, dont le sol riche en oxyde de fer, la rouille, colore tout le paysage.
- Géantes : Jupiter, de loin la plus grosse et la plus massive, puis Saturne, Uranus et Neptune.
- Plus une planète est loin du Soleil, plus son année est longue.

La lumière, qui file à 300 000 km par seconde, met un peu plus de huit minutes pour venir du Soleil jusqu''à nous.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'planetes'),
  0,
  'short',
  'Combien y a-t-il de planètes dans notre système solaire ?',
  '["8", "huit"]',
  NULL,
  NULL,
  'Depuis 2006, on compte huit planètes : Mercure, Vénus, la Terre, Mars, Jupiter, Saturne, Uranus et Neptune. Pluton est désormais une planète naine.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'planetes'),
  1,
  'short',
  'Quelle est la plus grande planète de notre système solaire ?',
  '["Jupiter"]',
  NULL,
  NULL,
  'Jupiter est une géante gazeuse dont le diamètre vaut environ onze fois celui de la Terre. Sa masse dépasse deux fois celle de toutes les autres planètes réunies.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'planetes'),
  2,
  'short',
  'Quelle planète est connue sous le nom de planète rouge ?',
  '["Mars"]',
  NULL,
  NULL,
  'Le sol de Mars est riche en oxyde de fer, c''est-à-dire en rouille, ce qui lui donne sa couleur rougeâtre.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'planetes'),
  3,
  'short',
  'Quelle planète est la plus proche du Soleil ?',
  '["Mercure"]',
  NULL,
  NULL,
  'Mercure orbite à environ 58 millions de kilomètres du Soleil et en fait le tour en 88 jours seulement.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'planetes'),
  4,
  'numeric',
  'Combien de minutes met la lumière du Soleil pour atteindre la Terre ?',
  '["8"]',
  NULL,
  1,
  'La lumière parcourt environ 300 000 km par seconde et le Soleil est à 150 millions de km : il lui faut environ 500 secondes, soit un peu plus de 8 minutes.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'planetes'),
  5,
  'short',
  'Quelle est la planète la plus chaude du système solaire ?',
  '["Vénus"]',
  NULL,
  NULL,
  'Vénus est plus loin du Soleil que Mercure, mais son épaisse atmosphère de dioxyde de carbone piège la chaleur par effet de serre : sa surface dépasse 460 °C.',
  3
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'planetes'),
  6,
  'numeric',
  'En combien d''années terrestres Jupiter fait-elle le tour du Soleil, environ ?',
  '["12"]',
  NULL,
  1,
  'Jupiter, cinq fois plus loin du Soleil que la Terre, met environ 11,9 années terrestres pour en faire le tour.',
  3
) ON CONFLICT DO NOTHING;

-- Lunes
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'systeme-solaire'),
  1,
  'lunes',
  'Lunes',
  'Une lune, ou satellite naturel, est un corps qui tourne autour d''une planète. **Les planètes géantes en possèdent des dizaines, voire des centaines, alors que les planètes rocheuses en ont très peu.**

- La Terre n''a qu''un satellite naturel, qu''on appelle simplement la Lune. Elle nous montre toujours la même face, car elle tourne sur elle-même dans le temps qu''elle met à faire le tour de la Terre.
- Mercure et Vénus n''en ont aucune, Mars en a deux toutes petites, Phobos et Déimos.
- Saturne détient le record du nombre de lunes connues, devant Jupiter.
- Les quatre grandes lunes de Jupiter, vues par Galilée en 1610, sont Io, Europe, Ganymède et Callisto. Sous la croûte glacée d''Europe se cache un océan d''eau liquide, où l''on cherche des conditions favorables à la vie.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'lunes'),
  0,
  'short',
  'Quelle planète a le plus de lunes connues ?',
  '["Saturne"]',
  NULL,
  NULL,
  'Saturne détient le record avec plus de 270 lunes confirmées en 2025, devant Jupiter. Le décompte évolue à mesure que les télescopes découvrent de nouvelles petites lunes.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'lunes'),
  1,
  'short',
  'Quel est le nom de la lune de la Terre ?',
  '["Lune", "La Lune"]',
  NULL,
  NULL,
  'La Terre n''a qu''un satellite naturel, que l''on nomme la Lune, avec une majuscule. Par extension, le mot lune désigne le satellite de n''importe quelle planète.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'lunes'),
  2,
  'short',
  'Quelle lune de Jupiter est connue pour son océan sous la surface ?',
  '["Europe", "Europa"]',
  NULL,
  NULL,
  'Europe est couverte d''une croûte de glace sous laquelle se trouve un océan d''eau salée. La sonde Europa Clipper, lancée en 2024, doit l''étudier.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'lunes'),
  3,
  'short',
  'Quelle est la plus grande lune du système solaire ?',
  '["Ganymède", "Ganymede"]',
  NULL,
  NULL,
  'Ganymède, satellite de Jupiter, mesure environ 5 270 km de diamètre : elle est plus grande que la planète Mercure et que Titan, la plus grande lune de Saturne.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'lunes'),
  4,
  'truefalse',
  'La Lune montre toujours la même face à la Terre.',
  '["vrai"]',
  NULL,
  NULL,
  'La Lune tourne sur elle-même dans le temps qu''elle met à faire le tour de la Terre, environ 27 jours. Cette rotation synchrone nous cache toujours sa face cachée.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'lunes'),
  5,
  'short',
  'Quelle lune de Saturne possède une atmosphère épaisse et des lacs de méthane ?',
  '["Titan"]',
  NULL,
  NULL,
  'Titan a une atmosphère plus dense que celle de la Terre. Il y pleut du méthane liquide, qui forme des lacs et des rivières à sa surface.',
  3
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'lunes'),
  6,
  'short',
  'Comment s''appellent les deux lunes de Mars ?',
  '["Phobos et Déimos", "Phobos et Deimos", "Déimos et Phobos", "Deimos et Phobos"]',
  NULL,
  NULL,
  'Mars possède deux petites lunes de forme irrégulière, Phobos et Déimos, découvertes en 1877 par Asaph Hall. Ce sont peut-être des astéroïdes capturés.',
  3
) ON CONFLICT DO NOTHING;

-- Astéroïdes et Comètes
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'systeme-solaire'),
  2,
  'asteroides-et-cometes',
  'Astéroïdes et Comètes',
  'Astéroïdes et comètes sont des petits corps, des restes de la formation du Système solaire. **Ce qui les distingue, c''est leur composition : roche et métal pour les astéroïdes, glace mêlée de poussière pour les comètes.**

- La plupart des astéroïdes circulent dans une ceinture située entre les orbites de Mars et de Jupiter. Le plus gros, Cérès, est une planète naine.
- Les comètes viennent des confins : de la ceinture de Kuiper, au-delà de Neptune, et d''un immense réservoir sphérique, le nuage d''Oort, aux limites de l''influence du Soleil.
- Près du Soleil, la glace d''une comète se sublime et forme une chevelure et une longue queue, soufflée par le vent solaire.

Une étoile filante, elle, est un météore : un grain de poussière qui brûle en entrant dans l''atmosphère.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'asteroides-et-cometes'),
  0,
  'short',
  'Quelle est la principale différence entre les astéroïdes et les comètes ?',
  '["Les astéroïdes sont rocheux, les comètes sont glacées", "Les astéroïdes sont faits de roche, les comètes de glace", "Rocheux pour les astéroïdes, glacées pour les comètes", "Roche et glace"]',
  NULL,
  NULL,
  'Les astéroïdes, formés près du Soleil, sont faits de roche et de métal. Les comètes, formées loin dans le froid, contiennent beaucoup de glace, qui s''évapore près du Soleil et forme leur queue.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'asteroides-et-cometes'),
  1,
  'short',
  'Dans quelle région entre Mars et Jupiter se trouvent la plupart des astéroïdes ?',
  '["Ceinture d''astéroïdes", "Ceinture principale", "Ceinture principale d''astéroïdes"]',
  NULL,
  NULL,
  'La ceinture principale d''astéroïdes s''étend entre les orbites de Mars et de Jupiter. La gravité de Jupiter a empêché ces corps de s''assembler en une planète.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'asteroides-et-cometes'),
  2,
  'short',
  'Quel est le nom du nuage de comètes à la limite de notre système solaire ?',
  '["Nuage d''Oort"]',
  NULL,
  NULL,
  'Le nuage d''Oort est un immense réservoir sphérique de noyaux de comètes, qui s''étendrait jusqu''à environ 100 000 fois la distance Terre-Soleil. Il est la source des comètes à très longue période.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'asteroides-et-cometes'),
  3,
  'choice',
  'Dans quelle direction pointe la queue d''une comète ?',
  '["À l''opposé du Soleil"]',
  '["Vers le Soleil", "À l''opposé du Soleil", "Dans le sens de son déplacement"]',
  NULL,
  'Le vent solaire et la lumière du Soleil repoussent le gaz et la poussière de la comète : sa queue pointe à l''opposé du Soleil, quel que soit son sens de déplacement.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'asteroides-et-cometes'),
  4,
  'truefalse',
  'Une étoile filante est une étoile qui tombe du ciel.',
  '["faux"]',
  NULL,
  NULL,
  'Une étoile filante n''a rien d''une étoile : c''est un météore, la lueur d''un grain de poussière qui se consume en entrant à grande vitesse dans l''atmosphère.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'asteroides-et-cometes'),
  5,
  'short',
  'Quelle comète célèbre revient près du Soleil environ tous les 76 ans ?',
  '["Comète de Halley", "Halley", "La comète de Halley"]',
  NULL,
  NULL,
  'Edmond Halley a prédit le retour de cette comète pour 1758. Elle revient tous les 75 à 76 ans et son prochain passage est attendu en 2061.',
  3
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'asteroides-et-cometes'),
  6,
  'numeric',
  'Il y a combien de millions d''années un astéroïde a-t-il frappé la Terre, entraînant la disparition des dinosaures non aviens ?',
  '["66"]',
  NULL,
  1,
  'Il y a environ 66 millions d''années, un astéroïde d''une dizaine de kilomètres s''est écrasé au Mexique, creusant le cratère de Chicxulub et bouleversant le climat de toute la planète.',
  3
) ON CONFLICT DO NOTHING;

-- Étoiles et Constellations
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'cours-d-astronomie'),
  1,
  'etoiles-et-constellations',
  'Étoiles et Constellations',
  'Une étoile est une gigantesque boule de gaz chaud qui produit sa propre lumière grâce à la fusion nucléaire. Le Soleil en est une, simplement beaucoup plus proche que les autres. **Les étoiles naissent, vivent et meurent, et c''est leur masse qui décide de leur destin.**

- La plus proche après le Soleil, Proxima du Centaure, est à 4,2 années-lumière.
- À l''œil nu, on voit quelques milliers d''étoiles, toutes dans notre galaxie.
- Pour s''y retrouver, les humains les ont groupées en figures : les constellations.

Une année-lumière est la distance parcourue par la lumière en un an, environ 9 460 milliards de kilomètres.'
) ON CONFLICT DO NOTHING;

-- Formation des Étoiles
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'etoiles-et-constellations'),
  0,
  'formation-des-etoiles',
  'Formation des Étoiles',
  'Les étoiles naissent dans des nébuleuses, d''immenses nuages froids de gaz et de poussière, composés surtout d''hydrogène, l''élément le plus abondant de l''Univers. **Une étoile se forme quand une partie du nuage s''effondre sous son propre poids jusqu''à ce que la fusion nucléaire s''allume en son cœur.**

- Une région plus dense du nuage se contracte sous l''effet de la gravitation.
- En se contractant, elle s''échauffe et devient une protoétoile, entourée d''un disque où pourront naître des planètes.
- Quand le cœur atteint une dizaine de millions de degrés, les noyaux d''hydrogène fusionnent en hélium : l''étoile est née.

Un objet trop léger n''atteint jamais cette température : c''est une naine brune. Notre Soleil s''est allumé ainsi il y a environ 4,6 milliards d''années.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'formation-des-etoiles'),
  0,
  'short',
  'Quel est l''élément principal qui alimente les étoiles ?',
  '["Hydrogène", "H"]',
  NULL,
  NULL,
  'L''hydrogène est l''élément le plus abondant de l''Univers. Au cœur des étoiles, ses noyaux fusionnent pour former de l''hélium en libérant une énorme énergie.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'formation-des-etoiles'),
  1,
  'short',
  'Quelle force provoque l''effondrement d''une nébuleuse pour former des étoiles ?',
  '["Gravité", "Gravitation", "Force gravitationnelle"]',
  NULL,
  NULL,
  'La gravité attire la matière du nuage vers ses régions les plus denses. En se contractant, le gaz s''échauffe jusqu''à déclencher la fusion nucléaire.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'formation-des-etoiles'),
  2,
  'short',
  'Quel est le nom du nuage de gaz et de poussière où naissent les étoiles ?',
  '["Nébuleuse", "Nuage moléculaire"]',
  NULL,
  NULL,
  'Les nébuleuses sont de vastes nuages de gaz et de poussière. Les plus froides et les plus denses, les nuages moléculaires, sont des pouponnières d''étoiles, comme la nébuleuse d''Orion.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'formation-des-etoiles'),
  3,
  'short',
  'En quel élément l''hydrogène est-il transformé par la fusion au cœur des étoiles ?',
  '["Hélium", "He"]',
  NULL,
  NULL,
  'Au cœur d''une étoile comme le Soleil, quatre noyaux d''hydrogène finissent par former un noyau d''hélium. La petite différence de masse est libérée sous forme d''énergie.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'formation-des-etoiles'),
  4,
  'short',
  'Comment appelle-t-on une étoile en formation, qui ne produit pas encore d''énergie par fusion ?',
  '["Protoétoile", "Proto-étoile", "Une protoétoile"]',
  NULL,
  NULL,
  'Une protoétoile brille grâce à la chaleur dégagée par sa contraction, pas encore grâce à la fusion de l''hydrogène.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'formation-des-etoiles'),
  5,
  'numeric',
  'Quel âge a le Soleil, en milliards d''années ?',
  '["4,6"]',
  NULL,
  0.2,
  'Le Soleil et le Système solaire se sont formés il y a environ 4,6 milliards d''années, un âge mesuré grâce aux plus vieilles météorites.',
  3
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'formation-des-etoiles'),
  6,
  'truefalse',
  'Une naine brune est trop peu massive pour fusionner durablement l''hydrogène en son cœur.',
  '["vrai"]',
  NULL,
  NULL,
  'Avec moins d''environ huit centièmes de la masse du Soleil, une naine brune ne devient jamais assez chaude pour fusionner l''hydrogène : c''est un intermédiaire entre planète géante et étoile.',
  3
) ON CONFLICT DO NOTHING;

-- Types d'Étoiles
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'etoiles-et-constellations'),
  1,
  'types-d-etoiles',
  'Types d''Étoiles',
  'Les étoiles n''ont pas toutes la même couleur, et leur couleur révèle leur température de surface. **Plus une étoile est chaude, plus sa lumière tire vers le bleu, plus elle est froide, plus elle tire vers le rouge.**

- Les astronomes les classent en types spectraux, des plus chaudes aux plus froides : O, B, A, F, G, K, M.
- Le Soleil, de type G, est une naine jaune : une étoile moyenne, au milieu de sa vie.
- Une étoile comme le Soleil gonfle en géante rouge à la fin de sa vie, puis ne laisse qu''un cœur nu, pas plus gros que la Terre, qui refroidit lentement : une naine blanche.
- Une étoile massive vit vite et meurt en supernova, laissant une étoile à neutrons ou un trou noir.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-d-etoiles'),
  0,
  'short',
  'De quelle couleur sont les étoiles les plus chaudes ?',
  '["Bleue", "Bleu", "Bleues"]',
  NULL,
  NULL,
  'La couleur d''une étoile dépend de sa température de surface. Les étoiles bleues dépassent 10 000 degrés, alors que les rouges restent sous 4 000 degrés.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-d-etoiles'),
  1,
  'short',
  'Quel est le nom d''une étoile dans sa dernière phase évolutive ?',
  '["Naine blanche"]',
  NULL,
  NULL,
  'Une étoile comme le Soleil finit sa vie en naine blanche : le cœur nu de l''étoile, de la taille de la Terre, qui refroidit lentement sans fusion nucléaire.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-d-etoiles'),
  2,
  'short',
  'Quel type d''étoile est notre Soleil ?',
  '["Naine jaune", "Étoile naine jaune", "G2V"]',
  NULL,
  NULL,
  'Le Soleil est une naine jaune de type spectral G2V : une étoile de taille et de température moyennes, qui fusionne son hydrogène depuis 4,6 milliards d''années.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-d-etoiles'),
  3,
  'choice',
  'Quel est le type spectral du Soleil ?',
  '["G"]',
  '["O", "B", "G", "M"]',
  NULL,
  'Le Soleil est de type G, avec une surface à environ 5 800 kelvins. Les types O et B sont plus chauds, le type M est plus froid.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-d-etoiles'),
  4,
  'truefalse',
  'Une étoile rouge est plus chaude qu''une étoile bleue.',
  '["faux"]',
  NULL,
  NULL,
  'C''est l''inverse : les étoiles rouges sont les plus froides, autour de 3 000 degrés, et les bleues les plus chaudes, au-delà de 10 000 degrés.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-d-etoiles'),
  5,
  'short',
  'Dans environ 5 milliards d''années, en quel type d''étoile le Soleil va-t-il gonfler ?',
  '["Géante rouge", "Une géante rouge"]',
  NULL,
  NULL,
  'Quand l''hydrogène de son cœur sera épuisé, le Soleil gonflera en géante rouge et engloutira peut-être la Terre, avant de devenir une naine blanche.',
  3
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-d-etoiles'),
  6,
  'short',
  'Quel objet extrêmement dense reste après l''explosion en supernova d''une étoile massive ?',
  '["Étoile à neutrons", "Trou noir", "Pulsar"]',
  NULL,
  NULL,
  'Le cœur de l''étoile s''effondre en une étoile à neutrons, une sphère d''une vingtaine de kilomètres plus massive que le Soleil. Si ce cœur est trop massif, il devient un trou noir.',
  3
) ON CONFLICT DO NOTHING;

-- Constellations
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'etoiles-et-constellations'),
  2,
  'constellations',
  'Constellations',
  'Une constellation est un groupe d''étoiles qui dessinent une figure dans le ciel vu depuis la Terre. **Une constellation est un effet de perspective : ses étoiles semblent voisines mais peuvent être à des distances très différentes de nous.**

- L''Union astronomique internationale découpe le ciel en 88 constellations officielles, aux noms latins : Ursa Major est la Grande Ourse, Ursa Minor la Petite Ourse.
- Au fil de l''année, le Soleil semble traverser les constellations du zodiaque, une par mois selon la tradition.
- L''étoile Polaire, au bout de la queue de la Petite Ourse, indique le nord, car elle est presque dans l''axe de rotation de la Terre.
- Sirius, dans le Grand Chien, est l''étoile la plus brillante de la nuit.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'constellations'),
  0,
  'short',
  'Combien y a-t-il de constellations du zodiaque ?',
  '["12", "douze"]',
  NULL,
  NULL,
  'Le zodiaque traditionnel compte douze constellations, que le Soleil semble traverser au cours de l''année. En réalité, l''écliptique traverse aussi une treizième constellation, Ophiuchus.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'constellations'),
  1,
  'short',
  'Quelle constellation est également connue sous le nom de Grande Ourse ?',
  '["Ursa Major", "Grande Ourse"]',
  NULL,
  NULL,
  'Ursa Major est le nom latin officiel de la Grande Ourse. Ses sept étoiles les plus brillantes forment la Casserole, aussi appelée le Grand Chariot.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'constellations'),
  2,
  'short',
  'Quelle constellation contient l''étoile Polaire ?',
  '["Ursa Minor", "Petite Ourse"]',
  NULL,
  NULL,
  'L''étoile Polaire est l''étoile la plus brillante de la Petite Ourse, Ursa Minor en latin. Elle marque le bout de la queue de l''ourse.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'constellations'),
  3,
  'numeric',
  'Combien de constellations officielles l''Union astronomique internationale reconnaît-elle ?',
  '["88"]',
  NULL,
  0,
  'Depuis 1922, l''Union astronomique internationale reconnaît 88 constellations, dont les limites, fixées en 1930, couvrent tout le ciel sans laisser de trou.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'constellations'),
  4,
  'truefalse',
  'Les étoiles d''une même constellation sont toujours proches les unes des autres dans l''espace.',
  '["faux"]',
  NULL,
  NULL,
  'Les étoiles d''une constellation peuvent être à des distances très différentes de nous. Elles semblent voisines seulement parce qu''elles sont dans la même direction.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'constellations'),
  5,
  'short',
  'Quelle est l''étoile la plus brillante du ciel nocturne, dans la constellation du Grand Chien ?',
  '["Sirius"]',
  NULL,
  NULL,
  'Sirius est l''étoile la plus brillante de la nuit : elle est proche, à 8,6 années-lumière, et environ deux fois plus massive que le Soleil.',
  3
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'constellations'),
  6,
  'choice',
  'Quelle constellation est traversée par l''écliptique sans faire partie des douze signes du zodiaque ?',
  '["Ophiuchus"]',
  '["Orion", "Ophiuchus", "Cassiopée", "Pégase"]',
  NULL,
  'Ophiuchus, le Serpentaire, est traversé par l''écliptique entre le Scorpion et le Sagittaire : le Soleil y passe chaque année de la fin novembre à la mi-décembre.',
  3
) ON CONFLICT DO NOTHING;

-- Galaxies
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'cours-d-astronomie'),
  2,
  'galaxies',
  'Galaxies',
  'Une galaxie est un immense ensemble d''étoiles, de gaz, de poussière et de matière noire, lié par la gravité. **L''Univers observable contient des centaines de milliards de galaxies, et chacune peut compter des centaines de milliards d''étoiles.**

- Notre galaxie, la Voie lactée, n''est qu''une galaxie parmi d''autres.
- Les galaxies ont des formes variées, qui permettent de les classer.
- Elles se regroupent en groupes, en amas et en superamas.

Jusqu''au début du XXe siècle, on pensait que la Voie lactée était tout l''Univers. Au milieu des années 1920, Edwin Hubble a montré que la « nébuleuse » d''Andromède était une autre galaxie, bien au-delà de la nôtre.'
) ON CONFLICT DO NOTHING;

-- La Voie Lactée
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'galaxies'),
  0,
  'la-voie-lactee',
  'La Voie Lactée',
  'La Voie lactée est notre galaxie : le Soleil n''est qu''une de ses étoiles, dans le disque, à environ 26 000 années-lumière du centre. **Vue de dessus, elle aurait la forme d''un disque aux bras enroulés autour d''un bulbe central allongé en barre.**

- On estime qu''elle compte entre 100 et 400 milliards d''étoiles.
- Son disque mesure environ 100 000 années-lumière de diamètre.
- Son centre, dans la direction de la constellation du Sagittaire, abrite Sagittarius A*, un trou noir de quatre millions de masses solaires.
- Le Soleil en fait le tour en un peu plus de 200 millions d''années.

Par une nuit sans lune, loin des villes, on voit la Voie lactée comme une bande laiteuse : c''est son disque vu par la tranche. Sa grande voisine, Andromède, se rapproche de nous.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-voie-lactee'),
  0,
  'short',
  'Quel type de galaxie est la Voie lactée ?',
  '["Spirale", "Spirale barrée", "Galaxie spirale"]',
  NULL,
  NULL,
  'La Voie lactée est une galaxie spirale barrée : un disque aux bras enroulés autour d''un bulbe central allongé en forme de barre.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-voie-lactee'),
  1,
  'short',
  'Environ combien d''étoiles y a-t-il dans la Voie lactée ?',
  '["100-400 milliards", "100 à 400 milliards", "Entre 100 et 400 milliards"]',
  NULL,
  NULL,
  'Les estimations vont de 100 à 400 milliards d''étoiles : on ne peut pas les compter une à une, on les déduit de la masse et de la luminosité de la galaxie.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-voie-lactee'),
  2,
  'short',
  'Qu''y a-t-il au centre de notre galaxie ?',
  '["Trou noir supermassif", "Un trou noir supermassif", "Sagittarius A*", "Sgr A*"]',
  NULL,
  NULL,
  'Au centre de la Voie lactée se trouve Sagittarius A*, un trou noir supermassif d''environ quatre millions de masses solaires, photographié en 2022.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-voie-lactee'),
  3,
  'short',
  'Dans la direction de quelle constellation se trouve le centre de la Voie lactée ?',
  '["Sagittaire", "Sagittarius", "Le Sagittaire"]',
  NULL,
  NULL,
  'Le centre galactique se trouve dans la direction du Sagittaire, d''où le nom de son trou noir, Sagittarius A*.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-voie-lactee'),
  4,
  'truefalse',
  'Le Soleil se trouve au centre de la Voie lactée.',
  '["faux"]',
  NULL,
  NULL,
  'Le Soleil se trouve dans le disque, à environ 26 000 années-lumière du centre, entre deux grands bras spiraux.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-voie-lactee'),
  5,
  'short',
  'Quelle grande galaxie spirale voisine se rapproche de la Voie lactée à environ 110 km par seconde ?',
  '["Andromède", "Galaxie d''Andromède", "M31"]',
  NULL,
  NULL,
  'La galaxie d''Andromède, à 2,5 millions d''années-lumière, se rapproche de nous. Une collision entre les deux galaxies est possible dans quelques milliards d''années.',
  3
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-voie-lactee'),
  6,
  'numeric',
  'En combien de millions d''années le Soleil fait-il le tour du centre de la Voie lactée, environ ?',
  '["230"]',
  NULL,
  20,
  'Le Soleil file à environ 230 km par seconde autour du centre galactique et en fait le tour en 220 à 250 millions d''années : c''est une année galactique.',
  3
) ON CONFLICT DO NOTHING;

-- Types de Galaxies
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'galaxies'),
  1,
  'types-de-galaxies',
  'Types de Galaxies',
  'En 1926, Edwin Hubble a classé les galaxies d''après leur forme. **La forme d''une galaxie raconte son histoire : disque en rotation, boule d''étoiles âgées ou nuage désordonné.**

- Les spirales ont un disque plat et des bras riches en gaz, où naissent de jeunes étoiles bleues. Certaines ont une barre centrale.
- Les elliptiques ont une forme arrondie ou ovale, très peu de gaz et surtout de vieilles étoiles rougeâtres.
- Les irrégulières n''ont pas de structure définie, souvent déformées par une voisine, comme les Nuages de Magellan autour de la Voie lactée.

Entre spirales et elliptiques, les lenticulaires ont un disque mais pas de bras. Hubble a résumé ce classement dans son célèbre diagramme en diapason.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-de-galaxies'),
  0,
  'short',
  'Nommez les trois principaux types de galaxies.',
  '["Spirale, elliptique, irrégulière", "Spirales, elliptiques, irrégulières", "Spirale, irrégulière, elliptique", "Elliptique, spirale, irrégulière", "Elliptique, irrégulière, spirale", "Irrégulière, spirale, elliptique", "Irrégulière, elliptique, spirale"]',
  NULL,
  NULL,
  'La classification de Hubble distingue les galaxies spirales, elliptiques et irrégulières, les lenticulaires formant un type intermédiaire.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-de-galaxies'),
  1,
  'short',
  'Quel type de galaxie a la structure la moins définie ?',
  '["Irrégulière", "Irrégulières", "Galaxie irrégulière"]',
  NULL,
  NULL,
  'Les galaxies irrégulières n''ont ni disque ni bulbe nets. Leur forme vient souvent d''interactions gravitationnelles avec des galaxies voisines.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-de-galaxies'),
  2,
  'short',
  'Quel type de galaxie est caractérisé par sa forme arrondie ?',
  '["Elliptique", "Elliptiques", "Galaxie elliptique"]',
  NULL,
  NULL,
  'Les galaxies elliptiques ont une forme arrondie à ovale, sans bras. Elles sont peuplées d''étoiles âgées et contiennent très peu de gaz.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-de-galaxies'),
  3,
  'choice',
  'Quel type de galaxie contient surtout de vieilles étoiles et très peu de gaz ?',
  '["Elliptique"]',
  '["Spirale", "Elliptique", "Irrégulière"]',
  NULL,
  'Les galaxies elliptiques ont épuisé ou perdu leur gaz : elles ne forment presque plus d''étoiles, d''où leur population d''étoiles vieilles et rougeâtres.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-de-galaxies'),
  4,
  'short',
  'Quel astronome a proposé de classer les galaxies selon leur forme ?',
  '["Edwin Hubble", "Hubble"]',
  NULL,
  NULL,
  'Edwin Hubble a publié sa classification en 1926, résumée par le célèbre diagramme en diapason.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-de-galaxies'),
  5,
  'short',
  'Comment s''appelle le type de galaxie intermédiaire, avec un disque mais sans bras spiraux ?',
  '["Lenticulaire", "Galaxie lenticulaire", "S0"]',
  NULL,
  NULL,
  'Les galaxies lenticulaires, notées S0, ont un bulbe et un disque comme les spirales, mais ni bras ni beaucoup de gaz, comme les elliptiques.',
  3
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-de-galaxies'),
  6,
  'truefalse',
  'Les Nuages de Magellan, visibles depuis l''hémisphère sud, sont des galaxies irrégulières satellites de la Voie lactée.',
  '["vrai"]',
  NULL,
  NULL,
  'Le Grand et le Petit Nuage de Magellan sont deux petites galaxies irrégulières en orbite autour de la Voie lactée, visibles à l''œil nu depuis l''hémisphère sud.',
  3
) ON CONFLICT DO NOTHING;

-- Amas de Galaxies
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'galaxies'),
  2,
  'amas-de-galaxies',
  'Amas de Galaxies',
  'Les galaxies vivent rarement seules : elles se rassemblent en groupes de quelques dizaines de membres et en amas de centaines ou de milliers de galaxies. **C''est la gravité qui lie ces ensembles, et la matière visible n''y suffit pas : il faut y ajouter de la matière noire.**

- La Voie lactée appartient au Groupe local, avec Andromède, la plus grande, la galaxie du Triangle et des dizaines de petites galaxies.
- Le grand amas le plus proche, celui de la Vierge, à 54 millions d''années-lumière, compte un bon millier et demi de galaxies.
- Les amas forment à leur tour des superamas, reliés en une toile cosmique de filaments autour d''immenses vides.

Dès 1933, Fritz Zwicky a remarqué que les galaxies de l''amas de Coma allaient trop vite pour être retenues par leur seule matière visible.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'amas-de-galaxies'),
  0,
  'short',
  'Quel est le nom de l''amas de galaxies auquel appartient la Voie lactée ?',
  '["Groupe local", "Le Groupe local"]',
  NULL,
  NULL,
  'La Voie lactée fait partie du Groupe local, un petit ensemble de plusieurs dizaines de galaxies dominé par Andromède et la Voie lactée. Il appartient lui-même au superamas de la Vierge.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'amas-de-galaxies'),
  1,
  'short',
  'Environ combien de galaxies y a-t-il dans l''amas de la Vierge ?',
  '["1500", "1 500", "Environ 1500", "Mille cinq cents"]',
  NULL,
  NULL,
  'L''amas de la Vierge, le grand amas le plus proche de nous, compte de 1 300 à 2 000 galaxies selon les recensements. Il se trouve à environ 54 millions d''années-lumière.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'amas-de-galaxies'),
  2,
  'short',
  'Qu''est-ce qui maintient les amas de galaxies ensemble ?',
  '["Gravité", "Gravitation", "La gravité", "Force gravitationnelle"]',
  NULL,
  NULL,
  'La gravité des galaxies, du gaz chaud et surtout de la matière noire retient les membres d''un amas. La matière noire représente la plus grande partie de sa masse.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'amas-de-galaxies'),
  3,
  'short',
  'Comment appelle-t-on un vaste ensemble regroupant plusieurs amas et groupes de galaxies ?',
  '["Superamas", "Un superamas", "Superamas de galaxies"]',
  NULL,
  NULL,
  'Les amas et les groupes de galaxies se rassemblent en superamas, qui s''étendent sur des centaines de millions d''années-lumière le long des filaments de la toile cosmique.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'amas-de-galaxies'),
  4,
  'truefalse',
  'La matière visible suffit à expliquer la cohésion des amas de galaxies.',
  '["faux"]',
  NULL,
  NULL,
  'Les galaxies d''un amas se déplacent trop vite pour être retenues par leur seule matière visible : une grande quantité de matière noire fournit la gravité manquante.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'amas-de-galaxies'),
  5,
  'short',
  'Quel astronome a le premier déduit, en 1933, la présence de matière invisible dans l''amas de Coma ?',
  '["Fritz Zwicky", "Zwicky"]',
  NULL,
  NULL,
  'En mesurant la vitesse des galaxies de l''amas de Coma, Fritz Zwicky a conclu qu''une masse invisible, qu''il appela matière noire, devait les retenir.',
  3
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'amas-de-galaxies'),
  6,
  'choice',
  'Comment s''appelle le superamas, défini en 2014, qui contient la Voie lactée ?',
  '["Laniakea"]',
  '["Laniakea", "Persée-Poissons", "Shapley", "Coma"]',
  NULL,
  'Laniakea, « horizon céleste immense » en hawaïen, englobe le superamas de la Vierge, donc le Groupe local et la Voie lactée.',
  3
) ON CONFLICT DO NOTHING;

-- Trous Noirs
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'cours-d-astronomie'),
  3,
  'trous-noirs',
  'Trous Noirs',
  'Un trou noir est une région où la matière est si concentrée que **rien, pas même la lumière, ne peut en ressortir une fois franchie sa frontière, l''horizon des événements.** On ne le voit donc pas directement, mais on observe ses effets sur ce qui l''entoure.

- Les trous noirs stellaires naissent de l''effondrement d''une étoile massive en fin de vie et pèsent de quelques masses solaires à quelques dizaines.
- Les trous noirs supermassifs, de millions à des milliards de masses solaires, siègent au cœur des galaxies.
- La matière qui tombe vers un trou noir tourbillonne en un disque qui s''échauffe et brille intensément, jusqu''aux rayons X.

En 2019, un réseau mondial de radiotélescopes a publié la première image de l''ombre d''un trou noir. Depuis 2015, on capte aussi les ondes gravitationnelles émises quand deux trous noirs fusionnent.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'trous-noirs'),
  0,
  'short',
  'Comment appelle-t-on la « frontière de non-retour » autour d''un trou noir ?',
  '["Horizon des événements", "Horizon des évènements", "Horizon"]',
  NULL,
  NULL,
  'L''horizon des événements est la limite au-delà de laquelle il faudrait aller plus vite que la lumière pour s''échapper. Rien de ce qui la franchit ne peut revenir.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'trous-noirs'),
  1,
  'short',
  'Quel type de trou noir se trouve au centre de la plupart des galaxies ?',
  '["Supermassif", "Trou noir supermassif", "Supermassifs"]',
  NULL,
  NULL,
  'Presque toutes les grandes galaxies abritent en leur centre un trou noir supermassif, de millions à des milliards de masses solaires.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'trous-noirs'),
  2,
  'short',
  'Quel est le nom donné au disque de matière tourbillonnant autour d''un trou noir ?',
  '["Disque d''accrétion"]',
  NULL,
  NULL,
  'En spiralant vers le trou noir, la matière forme un disque d''accrétion qui, chauffé par les frottements, émet une lumière intense, jusqu''aux rayons X.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'trous-noirs'),
  3,
  'truefalse',
  'La lumière peut ressortir d''un trou noir une fois qu''elle a franchi l''horizon des événements.',
  '["faux"]',
  NULL,
  NULL,
  'Une fois l''horizon franchi, même la lumière ne peut plus s''échapper : c''est précisément ce qui rend un trou noir noir.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'trous-noirs'),
  4,
  'choice',
  'Comment se forme un trou noir stellaire ?',
  '["Par l''effondrement d''une étoile massive"]',
  '["Par l''effondrement d''une étoile massive", "Par la collision de deux planètes", "Par l''explosion d''une naine blanche"]',
  NULL,
  'Quand une étoile d''au moins une vingtaine de masses solaires épuise son combustible, son cœur s''effondre sans que rien ne puisse l''arrêter. L''explosion d''une naine blanche, elle, ne laisse aucun reste.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'trous-noirs'),
  5,
  'short',
  'Quel réseau de radiotélescopes a produit en 2019 la première image d''un trou noir ?',
  '["Event Horizon Telescope", "EHT", "Télescope Event Horizon"]',
  NULL,
  NULL,
  'L''Event Horizon Telescope relie des radiotélescopes du monde entier en un télescope virtuel de la taille de la Terre. Il a dévoilé l''ombre du trou noir de la galaxie M87.',
  3
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'trous-noirs'),
  6,
  'numeric',
  'En quelle année a-t-on capté pour la première fois les ondes gravitationnelles de la fusion de deux trous noirs ?',
  '["2015"]',
  NULL,
  0,
  'Le 14 septembre 2015, les détecteurs LIGO ont capté les ondes gravitationnelles de la fusion de deux trous noirs. La découverte a été annoncée en février 2016.',
  3
) ON CONFLICT DO NOTHING;

-- La Théorie du Big Bang
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'cours-d-astronomie'),
  4,
  'la-theorie-du-big-bang',
  'La Théorie du Big Bang',
  'Le Big Bang n''est pas une explosion dans l''espace, c''est **l''expansion de l''espace lui-même, à partir d''un état extrêmement chaud et dense**, il y a environ 13,8 milliards d''années.

- En 1927, le Belge Georges Lemaître propose un Univers en expansion, et Edwin Hubble observe en 1929 que les galaxies s''éloignent d''autant plus vite qu''elles sont loin.
- Dans la toute première fraction de seconde, une phase d''expansion fulgurante, l''inflation, aurait rendu l''Univers grand et homogène.
- Environ 380 000 ans plus tard, l''Univers devient transparent. Cette lumière nous parvient encore, refroidie à moins de 3 kelvins : c''est le fond diffus cosmologique.

Les premiers noyaux légers, hydrogène et hélium, se sont formés dans les premières minutes.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-theorie-du-big-bang'),
  0,
  'short',
  'Quel âge a l''univers selon la théorie du Big Bang ?',
  '["13,8 milliards d''années", "13,8 milliards", "13.8 milliards d''années", "Environ 13,8 milliards d''années"]',
  NULL,
  NULL,
  'Les mesures du fond diffus cosmologique par le satellite Planck donnent à l''Univers un âge d''environ 13,8 milliards d''années.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-theorie-du-big-bang'),
  1,
  'short',
  'Quel type de rayonnement, vestige du Big Bang, remplit l''univers ?',
  '["Fond diffus cosmologique", "Rayonnement fossile", "CMB", "Rayonnement du fond diffus cosmologique"]',
  NULL,
  NULL,
  'Le fond diffus cosmologique, ou rayonnement fossile, est la plus ancienne lumière observable. Il a été découvert par hasard en 1965 par Arno Penzias et Robert Wilson.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-theorie-du-big-bang'),
  2,
  'short',
  'Quelle théorie décrit l''expansion rapide de l''univers primitif ?',
  '["Inflation", "Inflation cosmique", "Théorie de l''inflation"]',
  NULL,
  NULL,
  'L''inflation cosmique est une phase d''expansion extrêmement rapide dans la première fraction de seconde. Elle explique pourquoi l''Univers paraît si homogène à grande échelle.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-theorie-du-big-bang'),
  3,
  'truefalse',
  'Le Big Bang est une explosion qui s''est produite en un point précis de l''espace.',
  '["faux"]',
  NULL,
  NULL,
  'Le Big Bang n''a pas de centre : c''est tout l''espace qui se dilate, partout à la fois, comme la surface d''un ballon qu''on gonfle.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-theorie-du-big-bang'),
  4,
  'numeric',
  'Quelle est la température actuelle du fond diffus cosmologique, en kelvins ?',
  '["2,7"]',
  NULL,
  0.1,
  'Le fond diffus cosmologique est aujourd''hui à 2,725 kelvins, soit environ -270 °C : l''expansion de l''Univers l''a refroidi depuis son émission.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-theorie-du-big-bang'),
  5,
  'short',
  'Quel physicien belge a proposé dès 1927 un Univers en expansion, puis l''idée d''un « atome primitif » ?',
  '["Georges Lemaître", "Lemaître", "Georges Lemaitre"]',
  NULL,
  NULL,
  'Le prêtre et physicien Georges Lemaître a proposé en 1927 un Univers en expansion, puis en 1931 l''hypothèse de l''atome primitif, ancêtre de la théorie du Big Bang.',
  3
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-theorie-du-big-bang'),
  6,
  'numeric',
  'Combien de milliers d''années après le Big Bang l''Univers est-il devenu transparent, libérant le fond diffus cosmologique ?',
  '["380"]',
  NULL,
  20,
  'Environ 380 000 ans après le Big Bang, l''Univers s''est assez refroidi pour que les électrons s''unissent aux noyaux : la lumière a pu voyager librement.',
  3
) ON CONFLICT DO NOTHING;

-- Course 2: mathematiques-5e --------------------------------------------------------
INSERT INTO courses (slug, title, description, language, published, author_id, created_at, updated_at) VALUES (
  'mathematiques-5e',
  'Mathématiques 5e',
  'Les notions clés de la cinquième : nombres relatifs, fractions, angles du triangle et aires, avec beaucoup de petits calculs pour s''entraîner.',
  'fr',
  TRUE,
  (SELECT id FROM users WHERE username = 'redaction'),
  CURRENT_TIMESTAMP,
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

-- Mathématiques 5e
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'mathematiques-5e'),
  NULL,
  0,
  'mathematiques-5e',
  'Mathématiques 5e',
  'Ce cours reprend les notions clés du programme de cinquième. **En mathématiques, on progresse en comprenant une règle, puis en l''appliquant jusqu''à ce qu''elle devienne un réflexe.**

Trois chapitres t''attendent :

- les nombres relatifs, pour compter sous zéro : températures, altitudes, soldes bancaires,
- les fractions, pour partager, comparer et additionner des parts,
- la géométrie, avec les angles du triangle et le calcul d''aires.

Garde un brouillon à portée de main : la plupart des réponses demandent un petit calcul. Les nombres décimaux s''écrivent avec une virgule, comme 2,5, et les nombres négatifs avec un signe moins, comme -3.'
) ON CONFLICT DO NOTHING;

-- Nombres relatifs
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'mathematiques-5e'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'mathematiques-5e'),
  0,
  'nombres-relatifs',
  'Nombres relatifs',
  'Les nombres relatifs prolongent les nombres que tu connais de l''autre côté du zéro. **Un nombre relatif s''écrit avec un signe, qui dit de quel côté de zéro il se trouve, suivi de sa distance à zéro.**

- Les nombres positifs sont plus grands que zéro : +3, 12, 0,5.
- Les nombres négatifs sont plus petits que zéro : -3, -12, -0,5.
- Zéro est à la fois positif et négatif.

On les rencontre partout : une température de -5 °C, une altitude de -430 m au bord de la mer Morte, un compte bancaire à découvert. Dans ce chapitre, tu apprendras à les comparer, puis à les additionner et à les soustraire.'
) ON CONFLICT DO NOTHING;

-- Comparer des nombres relatifs
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'mathematiques-5e'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'nombres-relatifs'),
  0,
  'comparer-des-relatifs',
  'Comparer des nombres relatifs',
  'On place les nombres relatifs sur une droite graduée, les négatifs à gauche de zéro et les positifs à droite. **Sur une droite graduée, un nombre est d''autant plus grand qu''il est placé à droite.**

- Un nombre négatif est toujours plus petit qu''un nombre positif.
- Deux nombres positifs se comparent comme d''habitude.
- Entre deux nombres négatifs, le plus petit est celui qui a la plus grande distance à zéro : -9 est plus petit que -1.

La distance à zéro d''un nombre, c''est ce nombre sans son signe. Deux nombres qui ont la même distance à zéro mais des signes contraires, comme 6 et -6, sont dits opposés. Pour ranger une liste, commence par les négatifs les plus éloignés de zéro.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'comparer-des-relatifs'),
  0,
  'choice',
  'Quel est le plus grand de ces nombres ?',
  '["-3"]',
  '["-8", "-3", "-5", "-10"]',
  NULL,
  'Parmi des nombres négatifs, le plus grand est le plus proche de zéro : -3 est à droite de -5, -8 et -10 sur la droite graduée.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'comparer-des-relatifs'),
  1,
  'truefalse',
  '-6 est plus petit que -2.',
  '["vrai"]',
  NULL,
  NULL,
  'Sur la droite graduée, -6 est à gauche de -2 : il est plus éloigné de zéro, donc plus petit.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'comparer-des-relatifs'),
  2,
  'numeric',
  'Quelle est la distance à zéro de -4,5 ?',
  '["4,5"]',
  NULL,
  0,
  'La distance à zéro d''un nombre, c''est ce nombre sans son signe : -4,5 est à 4,5 unités de zéro.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'comparer-des-relatifs'),
  3,
  'numeric',
  'Quel est l''opposé de 7,2 ?',
  '["-7,2"]',
  NULL,
  0,
  'L''opposé d''un nombre a la même distance à zéro mais le signe contraire : l''opposé de 7,2 est -7,2.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'comparer-des-relatifs'),
  4,
  'choice',
  'Quel rangement des nombres 3, -1, -4 et 0 est dans l''ordre croissant ?',
  '["-4 < -1 < 0 < 3"]',
  '["-1 < -4 < 0 < 3", "-4 < -1 < 0 < 3", "0 < -1 < -4 < 3", "-4 < 0 < -1 < 3"]',
  NULL,
  'On commence par le négatif le plus éloigné de zéro, -4, puis -1, puis 0, et on finit par le positif 3.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'comparer-des-relatifs'),
  5,
  'numeric',
  'Combien de nombres entiers relatifs sont strictement compris entre -3 et 2 ?',
  '["4"]',
  NULL,
  0,
  'Les entiers strictement compris entre -3 et 2 sont -2, -1, 0 et 1 : il y en a quatre.',
  3
) ON CONFLICT DO NOTHING;

-- Additionner et soustraire des relatifs
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'mathematiques-5e'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'nombres-relatifs'),
  1,
  'additionner-des-relatifs',
  'Additionner et soustraire des relatifs',
  '**Pour additionner deux nombres de même signe, on additionne leurs distances à zéro et on garde leur signe.** Pour deux nombres de signes contraires, on soustrait la plus petite distance à zéro de la plus grande et on prend le signe du nombre le plus éloigné de zéro.

- (+2) + (+9) = +11 et (-2) + (-9) = -11
- (-9) + (+6) = -3, car 9 - 6 = 3 et -9 est plus loin de zéro que +6
- Soustraire un nombre revient à additionner son opposé : 3 - (-5) = 3 + 5 = 8

La somme de deux nombres opposés vaut toujours zéro. Pour un calcul plus long, transforme d''abord les soustractions en additions, puis regroupe les positifs d''un côté et les négatifs de l''autre.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'additionner-des-relatifs'),
  0,
  'numeric',
  'Calcule (-5) + (-3).',
  '["-8"]',
  NULL,
  0,
  'Les deux nombres sont négatifs : on additionne les distances à zéro, 5 + 3 = 8, et on garde le signe moins.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'additionner-des-relatifs'),
  1,
  'numeric',
  'Calcule (-7) + (+10).',
  '["3"]',
  NULL,
  0,
  'Les signes sont contraires : 10 - 7 = 3, et +10 est plus éloigné de zéro, donc le résultat est positif.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'additionner-des-relatifs'),
  2,
  'numeric',
  'Calcule 4 - (-2).',
  '["6"]',
  NULL,
  0,
  'Soustraire -2 revient à additionner son opposé : 4 - (-2) = 4 + 2 = 6.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'additionner-des-relatifs'),
  3,
  'numeric',
  'Calcule (-2,5) + (+1,5) - (+3).',
  '["-4"]',
  NULL,
  0,
  'On transforme la soustraction : (-2,5) + (+1,5) + (-3). Les positifs donnent 1,5, les négatifs -5,5, et 1,5 + (-5,5) = -4.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'additionner-des-relatifs'),
  4,
  'truefalse',
  'La somme de deux nombres négatifs peut être positive.',
  '["faux"]',
  NULL,
  NULL,
  'En additionnant deux nombres négatifs, on additionne leurs distances à zéro et on garde le signe moins : le résultat est toujours négatif.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'additionner-des-relatifs'),
  5,
  'numeric',
  'Un plongeur est à -12,5 m. Il remonte de 4,8 m. À quelle altitude se trouve-t-il maintenant, en mètres ?',
  '["-7,7"]',
  NULL,
  0,
  'Remonter, c''est ajouter : -12,5 + 4,8 = -7,7. Le plongeur est encore sous la surface, à 7,7 m de profondeur.',
  3
) ON CONFLICT DO NOTHING;

-- Fractions
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'mathematiques-5e'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'mathematiques-5e'),
  1,
  'fractions',
  'Fractions',
  'Une fraction décrit un partage : 3/5 d''une tablette, ce sont 3 parts d''une tablette coupée en 5 parts égales. **Le dénominateur, en bas, dit en combien de parts égales on partage, et le numérateur, en haut, combien de parts on prend.**

- Une fraction est aussi un quotient : 3/5 = 3 ÷ 5 = 0,6.
- Une même quantité peut s''écrire avec plusieurs fractions différentes.
- Quand le numérateur dépasse le dénominateur, la fraction est plus grande que 1.

Dans ce chapitre, tu vas apprendre à reconnaître des fractions égales, à les comparer et à les additionner.'
) ON CONFLICT DO NOTHING;

-- Fractions égales et comparaison
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'mathematiques-5e'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'fractions'),
  0,
  'fractions-egales',
  'Fractions égales et comparaison',
  '**On obtient une fraction égale en multipliant, ou en divisant, le numérateur et le dénominateur par un même nombre non nul.** La valeur ne change pas, seule l''écriture change.

- 1/2 = 2/4 = 5/10 = 50/100 = 0,5
- Simplifier une fraction, c''est diviser ses deux termes par un diviseur commun : 15/20 = 3/4 en divisant par 5.
- Une fraction est irréductible quand on ne peut plus la simplifier.

Pour comparer deux fractions, on les écrit avec le même dénominateur puis on compare les numérateurs : 3/4 = 9/12 et 5/6 = 10/12, donc 3/4 est plus petit que 5/6. On peut aussi comparer leurs écritures décimales.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'fractions-egales'),
  0,
  'numeric',
  'Complète l''égalité 2/5 = ?/10.',
  '["4"]',
  NULL,
  0,
  'Pour passer de 5 à 10, on multiplie le dénominateur par 2 : il faut faire de même avec le numérateur, 2 × 2 = 4.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'fractions-egales'),
  1,
  'numeric',
  'Quelle est l''écriture décimale de 3/4 ?',
  '["0,75"]',
  NULL,
  0,
  '3/4 = 75/100, en multipliant le numérateur et le dénominateur par 25, soit 0,75.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'fractions-egales'),
  2,
  'choice',
  'Quelle est la forme irréductible de 12/18 ?',
  '["2/3"]',
  '["6/9", "2/3", "4/6", "3/2"]',
  NULL,
  '12 et 18 sont tous deux divisibles par 6 : 12/18 = 2/3, et 2 et 3 n''ont plus de diviseur commun autre que 1.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'fractions-egales'),
  3,
  'truefalse',
  '5/7 est plus grand que 2/3.',
  '["vrai"]',
  NULL,
  NULL,
  'Avec le dénominateur commun 21 : 5/7 = 15/21 et 2/3 = 14/21. Comme 15 est plus grand que 14, 5/7 est plus grand.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'fractions-egales'),
  4,
  'short',
  'Simplifie 45/60 jusqu''à obtenir une fraction irréductible.',
  '["3/4"]',
  NULL,
  NULL,
  '45 et 60 sont divisibles par 15 : 45/60 = 3/4, qu''on ne peut plus simplifier.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'fractions-egales'),
  5,
  'choice',
  'Laquelle de ces fractions est la plus grande ?',
  '["2/3"]',
  '["7/12", "5/8", "2/3", "3/5"]',
  NULL,
  'En écriture décimale, 7/12 ≈ 0,58, 3/5 = 0,6, 5/8 = 0,625 et 2/3 ≈ 0,67 : 2/3 est la plus grande.',
  3
) ON CONFLICT DO NOTHING;

-- Additionner des fractions
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'mathematiques-5e'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'fractions'),
  1,
  'additionner-des-fractions',
  'Additionner des fractions',
  '**Pour additionner ou soustraire deux fractions, il faut d''abord qu''elles aient le même dénominateur.** On additionne alors les numérateurs et on garde le dénominateur commun.

- 2/7 + 3/7 = 5/7
- Si un dénominateur est un multiple de l''autre, on ne transforme qu''une fraction : 1/3 + 5/6 = 2/6 + 5/6 = 7/6.
- On simplifie le résultat quand c''est possible.

Attention, on n''additionne jamais les dénominateurs entre eux : une moitié plus une moitié font un entier, pas deux quarts. Pour ajouter un nombre entier, on l''écrit comme une fraction : 1 = 4/4.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'additionner-des-fractions'),
  0,
  'short',
  'Calcule 3/8 + 4/8.',
  '["7/8", "0,875"]',
  NULL,
  NULL,
  'Les dénominateurs sont déjà égaux : on additionne les numérateurs, 3 + 4 = 7, et on garde 8.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'additionner-des-fractions'),
  1,
  'short',
  'Calcule 5/9 - 2/9 et simplifie le résultat.',
  '["1/3", "3/9"]',
  NULL,
  NULL,
  '5/9 - 2/9 = 3/9, et en divisant par 3 on obtient 1/3.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'additionner-des-fractions'),
  2,
  'numeric',
  'Calcule 1/2 + 1/4 et donne le résultat en écriture décimale.',
  '["0,75"]',
  NULL,
  0,
  '1/2 = 2/4, donc 1/2 + 1/4 = 3/4 = 0,75.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'additionner-des-fractions'),
  3,
  'short',
  'Calcule 2/5 + 3/10.',
  '["7/10", "0,7"]',
  NULL,
  NULL,
  '10 est un multiple de 5 : 2/5 = 4/10, donc 2/5 + 3/10 = 7/10.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'additionner-des-fractions'),
  4,
  'truefalse',
  'L''égalité 1/3 + 1/3 = 2/6 est juste.',
  '["faux"]',
  NULL,
  NULL,
  'On garde le dénominateur commun : 1/3 + 1/3 = 2/3. Additionner les dénominateurs donnerait 2/6 = 1/3, ce qui est absurde.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'additionner-des-fractions'),
  5,
  'short',
  'Léa mange 1/4 d''une pizza et Hugo 3/8 de la même pizza. Quelle fraction de la pizza reste-t-il ?',
  '["3/8", "0,375"]',
  NULL,
  NULL,
  'Ils ont mangé 2/8 + 3/8 = 5/8 de la pizza. Il reste 8/8 - 5/8 = 3/8.',
  3
) ON CONFLICT DO NOTHING;

-- Géométrie
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'mathematiques-5e'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'mathematiques-5e'),
  2,
  'geometrie',
  'Géométrie',
  'En géométrie, on raisonne sur des figures à partir de leurs propriétés plutôt qu''en mesurant sur le dessin. **Une propriété connue permet de calculer une mesure qu''on ne peut pas lire directement.**

- Dans un triangle, les angles sont liés entre eux, et les longueurs des côtés aussi.
- L''aire d''une figure se calcule à partir de quelques longueurs bien choisies.
- Un schéma à main levée, codé avec les données de l''énoncé, aide toujours à démarrer.

Ce chapitre te donne deux outils très utiles de cinquième : la somme des angles d''un triangle et les formules d''aires.'
) ON CONFLICT DO NOTHING;

-- Angles du triangle
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'mathematiques-5e'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'geometrie'),
  0,
  'angles-du-triangle',
  'Angles du triangle',
  '**Dans tout triangle, la somme des mesures des trois angles est égale à 180°.** Connaissant deux angles, on trouve donc toujours le troisième par soustraction.

- Dans un triangle rectangle, les deux angles aigus sont complémentaires : leur somme vaut 90°.
- Dans un triangle isocèle, les deux angles à la base ont la même mesure.
- Dans un triangle équilatéral, les trois angles sont égaux.

Pour qu''un triangle existe, chaque côté doit être plus court que la somme des deux autres : c''est l''inégalité triangulaire. Avec des côtés de 2 cm, 3 cm et 6 cm, impossible de refermer la figure.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'angles-du-triangle'),
  0,
  'numeric',
  'Dans un triangle, deux angles mesurent 50° et 70°. Combien mesure le troisième, en degrés ?',
  '["60"]',
  NULL,
  0,
  'La somme des trois angles vaut 180° : 180 - 50 - 70 = 60.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'angles-du-triangle'),
  1,
  'numeric',
  'Dans un triangle rectangle, un angle aigu mesure 35°. Combien mesure l''autre angle aigu, en degrés ?',
  '["55"]',
  NULL,
  0,
  'Les deux angles aigus d''un triangle rectangle ont pour somme 90° : 90 - 35 = 55.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'angles-du-triangle'),
  2,
  'truefalse',
  'Un triangle peut avoir deux angles droits.',
  '["faux"]',
  NULL,
  NULL,
  'Deux angles droits font déjà 180°, il ne resterait rien pour le troisième angle : c''est impossible.',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'angles-du-triangle'),
  3,
  'numeric',
  'Dans un triangle isocèle, l''angle au sommet principal mesure 40°. Combien mesure chacun des angles à la base, en degrés ?',
  '["70"]',
  NULL,
  0,
  'Les deux angles à la base sont égaux et se partagent 180 - 40 = 140°, soit 70° chacun.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'angles-du-triangle'),
  4,
  'choice',
  'Avec quelles longueurs peut-on construire un triangle ?',
  '["4 cm, 5 cm et 8 cm"]',
  '["2 cm, 3 cm et 6 cm", "4 cm, 5 cm et 8 cm", "1 cm, 2 cm et 3 cm"]',
  NULL,
  '8 est plus petit que 4 + 5 = 9, donc le triangle existe. Avec 2, 3 et 6, on a 6 plus grand que 5, et avec 1, 2 et 3, les trois points sont alignés.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'angles-du-triangle'),
  5,
  'numeric',
  'Dans un triangle ABC, l''angle C mesure 30° et l''angle A mesure le double de l''angle B. Combien mesure l''angle A, en degrés ?',
  '["100"]',
  NULL,
  0,
  'A + B = 180 - 30 = 150, et A = 2 × B, donc 3 × B = 150, B = 50 et A = 100.',
  3
) ON CONFLICT DO NOTHING;

-- Aires
INSERT INTO topics (course_id, parent_id, position, slug, title, lesson) VALUES (
  (SELECT id FROM courses WHERE slug = 'mathematiques-5e'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'geometrie'),
  1,
  'aires',
  'Aires',
  'L''aire mesure la surface occupée par une figure, en unités d''aire comme le cm². **Une aire s''obtient en multipliant une base par la hauteur qui lui est perpendiculaire.**

- Rectangle : longueur × largeur.
- Parallélogramme : base × hauteur, et non le produit de deux côtés.
- Triangle : base × hauteur ÷ 2, car un triangle est la moitié d''un parallélogramme.
- Disque de rayon r : π × r × r, avec π ≈ 3,14.

Avant de calculer, exprime toutes les longueurs dans la même unité. Et si l''énoncé donne un diamètre, pense à le diviser par deux pour obtenir le rayon.'
) ON CONFLICT DO NOTHING;

INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'aires'),
  0,
  'numeric',
  'Quelle est l''aire, en cm², d''un rectangle de 6 cm sur 4,5 cm ?',
  '["27"]',
  NULL,
  0,
  'L''aire d''un rectangle est longueur × largeur : 6 × 4,5 = 27 cm².',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'aires'),
  1,
  'numeric',
  'Quelle est l''aire, en cm², d''un triangle de base 8 cm et de hauteur 5 cm ?',
  '["20"]',
  NULL,
  0,
  'L''aire d''un triangle est base × hauteur ÷ 2 : 8 × 5 ÷ 2 = 20 cm².',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'aires'),
  2,
  'numeric',
  'Quelle est l''aire, en cm², d''un parallélogramme de base 7 cm et de hauteur 3 cm ?',
  '["21"]',
  NULL,
  0,
  'L''aire d''un parallélogramme est base × hauteur : 7 × 3 = 21 cm².',
  1
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'aires'),
  3,
  'numeric',
  'Quelle est l''aire, en cm², d''un disque de rayon 10 cm ? Prends π ≈ 3,14.',
  '["314"]',
  NULL,
  1,
  'L''aire d''un disque est π × r × r : 3,14 × 10 × 10 = 314 cm².',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'aires'),
  4,
  'choice',
  'Un parallélogramme a des côtés de 5 cm et 4 cm, et la hauteur relative au côté de 5 cm mesure 3 cm. Quelle est son aire ?',
  '["15 cm²"]',
  '["15 cm²", "20 cm²", "12 cm²", "18 cm²"]',
  NULL,
  'On multiplie la base par la hauteur qui lui est perpendiculaire : 5 × 3 = 15 cm². Multiplier les deux côtés, 5 × 4, serait une erreur.',
  2
) ON CONFLICT DO NOTHING;
INSERT INTO questions (topic_id, position, kind, prompt, answers, choices, tolerance, explanation, tier) VALUES (
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'aires'),
  5,
  'numeric',
  'Quelle est l''aire, en cm², d''un disque de diamètre 6 cm ? Prends π ≈ 3,14 et arrondis au dixième.',
  '["28,3"]',
  NULL,
  0.1,
  'Le rayon est la moitié du diamètre, soit 3 cm : 3,14 × 3 × 3 = 28,26, arrondi à 28,3 cm².',
  3
) ON CONFLICT DO NOTHING;

-- Items: the founding document's item, then learning resources -----------------------
-- The founding document's 'Item1' is the site guide, named and linked as such.
INSERT INTO items (name, description, url, course_id, topic_id, created_at) VALUES (
  'Guide de LearnAnything',
  'Le guide du site : comment lire l''arbre d''un cours, ce que disent les niveaux (Découvreur, Explorateur, Vainqueur) et pourquoi certaines questions reviennent en révision.',
  '/about',
  NULL,
  NULL,
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

INSERT INTO items (name, description, url, course_id, topic_id, created_at) VALUES (
  'NASA : le Système solaire',
  'Le portail de la NASA sur le Système solaire : fiches de chaque planète, lune et petit corps, images des sondes et actualité des missions (en anglais).',
  'https://science.nasa.gov/solar-system/',
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'systeme-solaire'),
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

INSERT INTO items (name, description, url, course_id, topic_id, created_at) VALUES (
  'Wikipédia : Nuage d''Oort',
  'L''article de Wikipédia sur le nuage d''Oort, le lointain réservoir de comètes qui entoure le Système solaire.',
  'https://fr.wikipedia.org/wiki/Nuage_d''Oort',
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'asteroides-et-cometes'),
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

INSERT INTO items (name, description, url, course_id, topic_id, created_at) VALUES (
  'Wikipédia : Constellation',
  'Ce qu''est une constellation, l''histoire des 88 constellations officielles et la liste de leurs noms latins et français.',
  'https://fr.wikipedia.org/wiki/Constellation',
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'constellations'),
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

INSERT INTO items (name, description, url, course_id, topic_id, created_at) VALUES (
  'Wikipédia : Galaxie',
  'Une vue d''ensemble des galaxies : leur composition, la classification de Hubble, les groupes et les amas.',
  'https://fr.wikipedia.org/wiki/Galaxie',
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'types-de-galaxies'),
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

INSERT INTO items (name, description, url, course_id, topic_id, created_at) VALUES (
  'Wikipédia : Trou noir',
  'L''article de référence sur les trous noirs : horizon des événements, formation, observation et ondes gravitationnelles.',
  'https://fr.wikipedia.org/wiki/Trou_noir',
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'trous-noirs'),
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

INSERT INTO items (name, description, url, course_id, topic_id, created_at) VALUES (
  'Wikipédia : Big Bang',
  'L''histoire du modèle du Big Bang, de Lemaître et Hubble au fond diffus cosmologique et à l''inflation.',
  'https://fr.wikipedia.org/wiki/Big_Bang',
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-theorie-du-big-bang'),
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

INSERT INTO items (name, description, url, course_id, topic_id, created_at) VALUES (
  'ESA : la mission Planck',
  'La mission du satellite Planck de l''Agence spatiale européenne, qui a cartographié le fond diffus cosmologique et daté l''Univers (en anglais).',
  'https://www.esa.int/Science_Exploration/Space_Science/Planck',
  (SELECT id FROM courses WHERE slug = 'astronomie'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'astronomie' AND t.slug = 'la-theorie-du-big-bang'),
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

INSERT INTO items (name, description, url, course_id, topic_id, created_at) VALUES (
  'Wikipédia : Entier relatif',
  'Les entiers relatifs, leur représentation sur une droite graduée et les règles de calcul avec les signes.',
  'https://fr.wikipedia.org/wiki/Entier_relatif',
  (SELECT id FROM courses WHERE slug = 'mathematiques-5e'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'nombres-relatifs'),
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

INSERT INTO items (name, description, url, course_id, topic_id, created_at) VALUES (
  'Wikipédia : Nombre rationnel',
  'Les nombres qui s''écrivent comme une fraction : fractions égales, forme irréductible et opérations.',
  'https://fr.wikipedia.org/wiki/Nombre_rationnel',
  (SELECT id FROM courses WHERE slug = 'mathematiques-5e'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'fractions'),
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;

INSERT INTO items (name, description, url, course_id, topic_id, created_at) VALUES (
  'Wikipédia : Triangle',
  'Les propriétés du triangle : somme des angles, inégalité triangulaire, triangles particuliers et aire.',
  'https://fr.wikipedia.org/wiki/Triangle',
  (SELECT id FROM courses WHERE slug = 'mathematiques-5e'),
  (SELECT t.id FROM topics t JOIN courses c ON c.id = t.course_id WHERE c.slug = 'mathematiques-5e' AND t.slug = 'angles-du-triangle'),
  CURRENT_TIMESTAMP
) ON CONFLICT DO NOTHING;
