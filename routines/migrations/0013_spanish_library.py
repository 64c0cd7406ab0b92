"""Spanish text for the shipped library and routine templates, written for this app from the
facts in the content notes. Only empty Spanish fields are filled: an admin's later edit stays."""

from django.db import migrations

STRETCHES = {
    "kneeling-lunge": {
        "name": "Estocada de rodillas",
        "summary": "El estiramiento básico del psoas: una rodilla en el suelo, la pelvis metida hacia dentro y luego un pequeño avance hasta que se alarga la parte delantera de la cadera de atrás.",
        "setup": "Arrodíllate sobre una superficie blanda, con una almohadilla o una toalla doblada bajo la rodilla de atrás. Lleva un pie adelante de modo que la rodilla delantera quede doblada en ángulo recto, encima del tobillo. Ten una silla o una pared a mano por si pierdes el equilibrio.",
        "cues": "Coxis hacia abajo, hebilla del cinturón hacia arriba.\nLas costillas se quedan sobre la pelvis; el pecho no se echa atrás.\nLa rodilla delantera apunta a los dedos del medio del pie.\nUn abdomen suavemente firme mantiene quieta la zona lumbar.",
        "you_should_feel": "Un estiramiento amplio en la parte delantera de la cadera de atrás y en lo alto del muslo, que a veces llega a la parte baja del abdomen.",
        "stop_if": "Dolor en la rodilla apoyada que no se alivia con una almohadilla más gruesa.\nUn pinchazo o dolor en la zona lumbar.\nHormigueo, entumecimiento o dolor que baja por la pierna.",
        "common_mistakes": "Dejar que la zona lumbar se hunda en un arco en vez de meter la pelvis.\nAvanzar tanto que se pierde la pelvis metida.\nAguantar la respiración.",
        "side_leg": "pierna de atrás",
        "illustration_alt": "Una persona con una rodilla en el suelo y el otro pie adelante, el tronco recto y las caderas empujando suavemente hacia delante.",
        "steps": [
            "Levanta el pecho y coloca los hombros encima de las caderas.",
            "Lleva la pelvis hacia atrás metiendo el coxis, como si te subieras la cremallera de un pantalón ajustado. Puede que ya notes un tirón suave delante de la cadera de atrás.",
            "Sin soltar la pelvis ni el abdomen firme, lleva todo el cuerpo unos centímetros adelante, empezando por las caderas, hasta que crezca el estiramiento delante de la cadera de atrás.",
            "Respira despacio y mantén. Afloja un poco si el estiramiento se vuelve punzante.",
            "Vuelve atrás, retira el pie delantero y cambia de lado.",
        ],
    },
    "pigeon-pose": {
        "name": "Postura de la paloma",
        "summary": "Un estiramiento profundo de cadera: la pierna delantera se pliega delante de ti y la de atrás queda estirada; se estira la cadera externa de la pierna delantera y la parte delantera de la cadera de atrás.",
        "setup": "Empieza a cuatro patas, o en plancha alta sobre manos y pies. Ten cerca un bloque o un cojín firme para ponerlo bajo la cadera delantera si queda en el aire.",
        "cues": "Caderas mirando al frente.\nLos dedos del pie de atrás sin doblar, el empeine en el suelo.\nSiéntate alto antes de pensar en inclinarte hacia delante.\nSi la rodilla delantera protesta, dóblala más y acerca el pie hacia ti.",
        "you_should_feel": "Un estiramiento profundo en la cadera externa y el glúteo de la pierna delantera, y a lo largo de la parte delantera de la cadera de atrás.",
        "stop_if": "Cualquier molestia dentro o alrededor de la rodilla delantera.\nDolor agudo en lo profundo de la cadera delantera o en la ingle.\nDolor en la parte de atrás de la pelvis (la zona de la articulación sacroilíaca).\nHormigueo, entumecimiento o dolor que baja por la pierna.",
        "common_mistakes": "Forzar la espinilla delantera a quedar paralela a los hombros antes de que la cadera lo permita: la rodilla se lleva la torsión.\nDejar que la pelvis se incline hacia el lado de la pierna delantera.\nDoblar los dedos del pie de atrás.",
        "side_leg": "pierna delantera",
        "illustration_alt": "Una persona sentada recta en la postura de la paloma: la pierna delantera plegada delante con un bloque bajo esa cadera, la de atrás estirada, las manos en el suelo.",
        "steps": [
            "Con control, lleva una rodilla adelante hasta detrás de la muñeca del mismo lado y deja que esa espinilla quede en diagonal bajo el cuerpo.",
            "Coloca la rodilla delantera un poco más abierta que la cadera. Dóblala tanto como te resulte cómodo; con las semanas puedes acercar la espinilla al ángulo recto.",
            "Desliza la otra pierna recta hacia atrás con el empeine apoyado en el suelo y los dedos apuntando atrás.",
            "Si la cadera delantera queda colgando, pon el bloque debajo para que la pelvis quede nivelada.",
            "Lleva las manos hacia atrás y siéntate alto sobre las caderas. Mantén y respira.",
            "Empuja para volver a cuatro patas y cambia de lado.",
        ],
    },
    "king-pigeon-pose": {
        "name": "Postura de la paloma real",
        "summary": "La paloma con la rodilla de atrás doblada y la mano buscando el pie levantado, con el pecho elevado: un estiramiento intenso delante del muslo y la cadera de atrás. El entrenador la desbloquea para cada cliente.",
        "setup": "Primero instálate en una paloma estable, sentado alto con las caderas niveladas. Ten una correa cerca si todavía no alcanzas el pie de atrás.",
        "cues": "Crece por la coronilla antes de ir hacia atrás.\nMantén el abdomen suavemente firme para que la curva se reparta por toda la columna.\nAcerca el pie poco a poco, nunca de un tirón.",
        "you_should_feel": "Un estiramiento intenso a lo largo de la parte delantera del muslo y la cadera de atrás, con apertura en el pecho y la parte delantera del hombro.",
        "stop_if": "Pinchazo o dolor en la zona lumbar.\nDolor en cualquiera de las rodillas.\nDolor profundo en la cadera o la ingle, o en la parte de atrás de la pelvis.\nDolor de hombro al estirar el brazo o girar el codo.\nHormigueo, entumecimiento o dolor que baja por la pierna.",
        "common_mistakes": "Ir hacia atrás antes de que la base de la paloma sea estable.\nHacer toda la extensión con la zona lumbar.\nTirar del pie con fuerza y deprisa.",
        "side_leg": "pierna de atrás",
        "illustration_alt": "Una persona en la postura de la paloma, con el pecho elevado en una ligera extensión, que sujeta el pie de atrás levantado con la mano contraria y el codo bajo.",
        "steps": [
            "Dobla la rodilla de atrás y sube ese pie hacia el techo.",
            "Abre el pecho y lleva hacia atrás la mano del lado contrario para coger el pie o la correa que lo rodea; así es más fácil mantener el equilibrio.",
            "Mantén ese codo bajo y acerca el pie con suavidad mientras el pecho sube y la parte alta de la espalda se arquea un poco.",
            "Al cabo de varias sesiones, cuando esto sea estable, sujeta con la mano del mismo lado y, despacio, gira el codo hasta que apunte al techo.",
            "Quédate de tres a cinco respiraciones lentas, suelta el pie con control y cambia de lado.",
        ],
    },
    "half-frog-pose": {
        "name": "Media rana",
        "summary": "Una postura tranquila boca abajo, con una rodilla llevada hacia un lado y doblada. El suelo te sostiene mientras se alargan la cara interna del muslo y la parte delantera de esa cadera.",
        "setup": "Túmbate boca abajo sobre una esterilla o una alfombra. Ten una almohada cerca: bajo el abdomen alivia la zona lumbar; bajo la cadera de la pierna doblada suaviza el estiramiento.",
        "cues": "No hay nada que empujar: deja que el suelo te sostenga.\nRespiraciones largas y lentas hacia el abdomen.\nUn ángulo de rodilla más pequeño está bien; la postura sigue funcionando.",
        "you_should_feel": "Un estiramiento lento que se extiende por la cara interna del muslo de la pierna doblada y por la parte delantera de las caderas.",
        "stop_if": "Dolor en la rodilla doblada, sobre todo si se tuerce.\nPinchazo en la zona lumbar (pon una almohada bajo el abdomen).\nDolor en la propia articulación de la cadera.\nHormigueo, entumecimiento o dolor que baja por la pierna.",
        "common_mistakes": "Forzar la rodilla más allá de lo que la cadera permite con comodidad.\nMantener tensión en los hombros y el cuello.\nSalir deprisa de la postura; sal también despacio.",
        "side_leg": "pierna doblada",
        "illustration_alt": "Una persona tumbada boca abajo, vista desde arriba, con un muslo abierto hacia un lado en ángulo recto con el cuerpo, esa rodilla doblada y los brazos doblados en el suelo.",
        "steps": [
            "Dobla los codos en ángulo recto y apoya los antebrazos en el suelo, con los brazos abiertos a los lados, o pon las manos una sobre otra bajo la frente.",
            "Desliza una rodilla hacia un lado por el suelo, sin estirarla, hasta que el muslo salga de la cadera en ángulo recto con el cuerpo o cerca de él.",
            "Deja la otra pierna estirada detrás de ti.",
            "Relaja el abdomen y los glúteos y deja que tu peso se hunda en el suelo.",
            "Quédate respirando despacio; luego recoge la rodilla y cambia de lado.",
        ],
    },
    "pandiculation-march": {
        "name": "Marcha de pandiculación",
        "summary": "Marcha lenta sin moverte del sitio: contrae a propósito la parte delantera de la cadera al subir la rodilla y baja la pierna aún más despacio, dejando que el músculo se alargue con control.",
        "setup": "Ponte de pie y erguido junto a una pared o al respaldo de una silla firme, con una mano apoyada para el equilibrio. Pies separados al ancho de las caderas.",
        "cues": "Más despacio al bajar que al subir.\nErguido; la pelvis se mantiene nivelada.\nSuelta el aire al bajar.\nCuando vayas estable, toca el apoyo solo con las yemas de los dedos.",
        "you_should_feel": "Un trabajo cálido y suave delante de la cadera al subir la rodilla, y una sensación de soltar al bajarla.",
        "stop_if": "Mareo o pérdida de equilibrio.\nDolor agudo delante de la cadera o en la zona lumbar.\nHormigueo, entumecimiento o dolor que baja por la pierna.",
        "common_mistakes": "Dejar caer la pierna deprisa, saltándose la bajada lenta, que es lo que importa del ejercicio.\nEcharse atrás para subir más la rodilla.\nSoltar el apoyo demasiado pronto.",
        "side_leg": "pierna que sube",
        "illustration_alt": "Una persona de pie y erguida junto a una silla, con una mano en el respaldo, que sube despacio una rodilla hasta la altura de la cadera.",
        "steps": [
            "Contrae: sube despacio una rodilla hacia la altura de la cadera, notando cómo trabaja la parte delantera de la cadera, y mantén la contracción un momento.",
            "Suelta: baja el pie al suelo todavía más despacio de lo que lo subiste, dejando que la parte delantera de la cadera se alargue durante todo el recorrido.",
            "Descansa: quédate quieto una respiración y nota cómo se relaja la cadera.",
            "Cambia de pierna y repite, alternando los lados.",
        ],
    },
    "standing-hip-flexor-stretch": {
        "name": "Estiramiento de flexores de cadera de pie",
        "summary": "La estocada de rodillas sin arrodillarse: piernas separadas, una delante y otra detrás, con la pelvis metida, para rodillas doloridas o una pausa rápida en el trabajo.",
        "setup": "Ponte junto a una pared o sujeta el respaldo de una silla. Lleva un pie bien atrás, con el talón levantado y los pies separados al ancho de las caderas, para no estar como en una cuerda floja.",
        "cues": "Primero mete la pelvis, luego avanza.\nPecho arriba, costillas sobre las caderas.\nAprieta suavemente el glúteo de atrás todo el tiempo.",
        "you_should_feel": "Un estiramiento delante de la cadera de atrás, normalmente más suave que en la versión de rodillas.",
        "stop_if": "Un pinchazo o dolor en la zona lumbar.\nMareo o sensación de inestabilidad aun con el apoyo.\nHormigueo, entumecimiento o dolor que baja por la pierna.",
        "common_mistakes": "Arquear la zona lumbar para llegar más lejos.\nUna postura tan estrecha que el equilibrio se lleva toda tu atención.",
        "side_leg": "pierna de atrás",
        "illustration_alt": "Una persona de pie con las piernas muy separadas, una delante y otra detrás, una mano en una silla y las caderas empujando suavemente hacia delante.",
        "steps": [
            "Dobla un poco la rodilla delantera y mantén la pierna de atrás recta, sin bloquearla.",
            "Mete el coxis y aprieta suavemente el glúteo de la pierna de atrás.",
            "Sin soltar la pelvis, deja que las caderas vayan hacia delante hasta que se estire la parte delantera de la cadera de atrás.",
            "Mantén y respira; luego junta los pies y cambia de lado.",
        ],
    },
    "supine-figure-4": {
        "name": "Figura 4 tumbado",
        "summary": "Boca arriba con un tobillo sobre la rodilla contraria: el estiramiento de cadera externa de la paloma, sin peso sobre la rodilla y sin equilibrio que mantener.",
        "setup": "Túmbate boca arriba con las rodillas dobladas y los pies apoyados. Puedes poner una almohada fina bajo la cabeza.",
        "cues": "La cabeza y los hombros se quedan relajados en el suelo.\nMantén los dedos del pie cruzado tirando hacia la espinilla.\nUsa la correa en lugar de forzarte para llegar.",
        "you_should_feel": "Un estiramiento profundo en el glúteo y la cadera externa de la pierna cruzada.",
        "stop_if": "Dolor en la rodilla cruzada.\nDolor en la articulación de la cadera o en la ingle.\nHormigueo, entumecimiento o dolor que baja por la pierna.",
        "common_mistakes": "Levantar la cabeza y el cuello para llegar a la pierna.\nTirar tan fuerte que el coxis se despega del suelo.",
        "side_leg": "pierna cruzada",
        "illustration_alt": "Una persona tumbada boca arriba, con la cabeza apoyada, un tobillo cruzado sobre el otro muslo justo encima de la rodilla y las dos manos sujetando la parte de atrás del muslo levantado.",
        "steps": [
            "Cruza un tobillo sobre el muslo contrario, justo encima de la rodilla, formando un 4.",
            "Flexiona el pie cruzado para que los dedos vayan hacia la espinilla.",
            "Despega del suelo el pie de abajo y sujeta la parte de atrás de ese muslo con las dos manos (o pasa una correa alrededor).",
            "Acerca el muslo hacia ti con suavidad hasta que se estire la cadera externa de la pierna cruzada.",
            "Mantén y respira; baja el pie y cambia de lado.",
        ],
    },
    "seated-figure-4-chair": {
        "name": "Figura 4 sentado en una silla",
        "summary": "El estiramiento de cadera en figura 4 sentado en una silla: fácil de hacer en el trabajo, sin bajar al suelo.",
        "setup": "Siéntate cerca del borde delantero de una silla firme y sin ruedas, con los dos pies apoyados en el suelo.",
        "cues": "Inclínate desde las caderas, sin redondear la espalda.\nDeja caer la rodilla cruzada solo hasta donde sea cómodo.",
        "you_should_feel": "Un estiramiento en el glúteo y la cadera externa de la pierna cruzada.",
        "stop_if": "Dolor de rodilla en la pierna cruzada.\nDolor en la articulación de la cadera.\nHormigueo, entumecimiento o dolor que baja por la pierna.",
        "common_mistakes": "Empujar la rodilla hacia abajo con la mano.\nDesplomarse hacia delante en lugar de inclinarse desde la cadera.",
        "side_leg": "pierna cruzada",
        "illustration_alt": "Una persona sentada en una silla con un tobillo apoyado sobre la rodilla contraria, inclinada hacia delante con la espalda recta.",
        "steps": [
            "Apoya un tobillo sobre la rodilla contraria y deja que la rodilla cruzada caiga hacia el lado.",
            "Tira de los dedos del pie cruzado hacia la espinilla.",
            "Siéntate alto y luego inclínate hacia delante desde las caderas, con la espalda larga, hasta que se estire la cadera externa.",
            "Mantén y respira, vuelve a sentarte recto y cambia de lado.",
        ],
    },
    "seated-or-lying-pandiculation": {
        "name": "Pandiculación sentado o tumbado",
        "summary": "El ritmo de la pandiculación sin tener que mantener el equilibrio: sube despacio una rodilla sentado en una silla o tumbado boca arriba, y bájala aún más despacio.",
        "setup": "Siéntate erguido cerca del borde de una silla firme con los dos pies apoyados, o túmbate boca arriba con las rodillas dobladas y los pies en el suelo.",
        "cues": "Pequeño y lento es mejor que grande y rápido.\nSuelta el aire mientras baja el pie.",
        "you_should_feel": "Un trabajo suave delante de la cadera y después la sensación de que se afloja.",
        "stop_if": "Dolor agudo delante de la cadera o en la zona lumbar.\nHormigueo, entumecimiento o dolor que baja por la pierna.",
        "common_mistakes": "Hacer deprisa la bajada.\nEcharse atrás en la silla para subir más.",
        "side_leg": "pierna que sube",
        "illustration_alt": "Una persona sentada erguida cerca del borde de una silla, que despega un pie del suelo.",
        "steps": [
            "Contrae: despega despacio un pie unos centímetros del suelo subiendo la rodilla, y nota cómo trabaja la parte delantera de la cadera.",
            "Suelta: baja el pie todavía más despacio de lo que lo subiste.",
            "Descansa: deja la pierna pesada durante una o dos respiraciones.",
            "Cambia de pierna y repite, alternando los lados.",
        ],
    },
    "kneeling-lunge-overhead-reach": {
        "name": "Estocada de rodillas con brazo arriba",
        "summary": "La estocada de rodillas con el brazo del lado de la rodilla de atrás estirado hacia arriba y un poco por encima: el estiramiento sube desde la parte delantera de la cadera por el costado del tronco.",
        "setup": "Prepara la estocada de rodillas como siempre, con una almohadilla bajo la rodilla de atrás. Añade el brazo solo cuando la estocada básica sea estable.",
        "cues": "Primero mete la pelvis, luego sube el brazo y luego inclínate.\nInclínate hacia el lado, no hacia atrás: las costillas siguen sobre la pelvis.\nEstira hasta la punta de los dedos; el hombro se aleja de la oreja.",
        "you_should_feel": "Un estiramiento delante de la cadera de atrás que sube por el costado del tronco hacia el brazo levantado.",
        "stop_if": "Un pinchazo o dolor en la zona lumbar.\nDolor en la rodilla apoyada.\nDolor de hombro con el brazo levantado.\nHormigueo, entumecimiento o dolor que baja por la pierna.",
        "common_mistakes": "Arquearse hacia atrás en lugar de inclinarse hacia el lado.\nPerder la pelvis metida al subir el brazo.\nEncoger el hombro levantado hacia la oreja.",
        "side_leg": "pierna de atrás",
        "illustration_alt": "Una persona en estocada de rodillas, con el tronco recto y el brazo del lado de la rodilla de atrás estirado hacia arriba junto a la oreja.",
        "steps": [
            "Colócate en la estocada de rodillas: pelvis metida, un pequeño avance, estiramiento delante de la cadera de atrás.",
            "Sube el brazo del mismo lado que la rodilla de atrás, recto junto a la oreja.",
            "Sin soltar la pelvis, inclina un poco el tronco hacia el lado contrario, como si pasaras por encima de una pelota grande.",
            "Respira hacia el costado de las costillas y mantén. La otra mano puede descansar en la rodilla delantera.",
            "Baja el brazo, vuelve a la vertical y cambia de lado.",
        ],
    },
    "low-lunge-quad-stretch": {
        "name": "Estocada baja con estiramiento de cuádriceps",
        "summary": "La estocada de rodillas con el pie de atrás elevado, sobre el asiento de una silla detrás de ti o sujeto con una correa: doblar la rodilla de atrás añade un estiramiento fuerte por delante del muslo.",
        "setup": "Arrodíllate de espaldas a una silla firme, con una almohadilla gruesa bajo la rodilla más cercana a ella. Apoya el empeine de ese pie en el asiento y lleva el otro pie adelante con la rodilla sobre el tobillo. Sin silla: haz la estocada de rodillas y pasa una correa por el pie de atrás, con los extremos sobre el hombro.",
        "cues": "Mete la pelvis antes que nada.\nCostillas sobre la pelvis: no te arquees para llegar más lejos.\nMovimientos pequeños; esta versión es intensa.",
        "you_should_feel": "Un estiramiento fuerte por delante del muslo de atrás y a través de la parte delantera de la cadera.",
        "stop_if": "Dolor en la rodilla de atrás doblada o alrededor de la rótula.\nUn calambre en la parte de atrás del muslo (baja el pie).\nUn pinchazo en la zona lumbar.\nHormigueo, entumecimiento o dolor que baja por la pierna.",
        "common_mistakes": "Arquear la zona lumbar en vez de meter la pelvis.\nTirar del pie de golpe con la correa.\nIntentarlo antes de que la estocada de rodillas básica resulte fácil.",
        "side_leg": "pierna de atrás",
        "illustration_alt": "Una persona en estocada de rodillas con el empeine del pie de atrás apoyado en el asiento de una silla, el tronco recto.",
        "steps": [
            "Quédate erguido con las dos manos en la rodilla delantera y deja que el tirón se asiente por delante del muslo de atrás.",
            "Mete el coxis, como en la estocada de rodillas.",
            "Si es cómodo, lleva las caderas un poco adelante, o recoge un poco la correa para acercar el pie.",
            "Mantén y respira despacio.",
            "Suelta el pie con control, sal de la estocada y cambia de lado.",
        ],
    },
    "supported-half-frog-pose": {
        "name": "Media rana con apoyo",
        "summary": "Una media rana más suave: una almohada bajo el abdomen mantiene cómoda la zona lumbar, otra sostiene la cadera de la pierna doblada y la rodilla solo se abre una parte.",
        "setup": "Túmbate boca abajo con una almohada bajo el abdomen y las caderas. Ten a tu lado otra almohada o una toalla doblada.",
        "cues": "Primero la comodidad: basta con un estiramiento suave.\nAbre la rodilla un poco más solo a lo largo de varias sesiones.\nSuelta el aire despacio y deja que las caderas pesen.",
        "you_should_feel": "Un estiramiento suave por la cara interna del muslo y la parte delantera de la cadera de la pierna doblada.",
        "stop_if": "Dolor en la rodilla doblada.\nDolor en la articulación de la cadera o en la ingle.\nUn dolor en la zona lumbar que no alivia otra almohada bajo el abdomen.\nHormigueo, entumecimiento o dolor que baja por la pierna.",
        "common_mistakes": "Quitar las almohadas para llegar más lejos.\nAguantar la respiración.\nDespegar del suelo la pelvis del lado de la pierna doblada.",
        "side_leg": "pierna doblada",
        "illustration_alt": "Una persona tumbada boca abajo sobre una almohada, vista desde arriba, con una rodilla doblada y abierta a medias hacia un lado, otra almohada bajo esa cadera y la frente sobre las manos.",
        "steps": [
            "Apoya la frente sobre las manos, una encima de otra.",
            "Desliza una rodilla hacia el lado solo hasta donde sea cómodo, lejos del ángulo recto si quieres, manteniéndola doblada.",
            "Coloca la segunda almohada bajo la cadera de la pierna doblada para que descanse en ella en vez de quedar en el aire.",
            "Deja la otra pierna larga y relajada.",
            "Respira despacio y deja que el suelo y las almohadas lleven tu peso; luego recoge la rodilla y cambia de lado.",
        ],
    },
}

# Keyed by the English name the templates shipped with (0004_routine_templates).
ROUTINES = {
    "Desk break": {
        "name": "Pausa en el escritorio",
        "goal": "Una pausa corta entre ratos largos sentado, de pie o en una silla estable (sin ruedas), sin necesitar espacio en el suelo. Una vuelta de cada estiramiento: lo justo para levantarse y moverse, no una sesión completa.",
    },
    "Full psoas session": {
        "name": "Sesión completa de psoas",
        "goal": "La secuencia completa para quien está cómodo en el suelo: preparar, estirar los flexores de la cadera, luego la cadera externa, y terminar descansando.",
    },
    "Gentle evening release": {
        "name": "Relajación suave de noche",
        "goal": "Una rutina tranquila antes de dormir para los días en que la espalda está tensa, hecha tumbado de principio a fin; no se fuerza nada.",
    },
}

STRETCH_FIELDS = (
    "name", "summary", "setup", "cues", "you_should_feel", "stop_if", "common_mistakes",
    "side_leg", "illustration_alt",
)


def add_spanish(apps, schema_editor):
    Stretch = apps.get_model("routines", "Stretch")
    Routine = apps.get_model("routines", "Routine")
    for stretch in Stretch.objects.filter(owner__isnull=True, slug__in=STRETCHES):
        text = STRETCHES[stretch.slug]
        for field in STRETCH_FIELDS:
            if not getattr(stretch, f"{field}_es"):
                setattr(stretch, f"{field}_es", text[field])
        stretch.save(update_fields=[f"{field}_es" for field in STRETCH_FIELDS])
        steps = list(stretch.steps.order_by("position"))
        if len(steps) == len(text["steps"]):
            for step, instruction in zip(steps, text["steps"], strict=True):
                if not step.instruction_es:
                    step.instruction_es = instruction
                    step.save(update_fields=["instruction_es"])
    for routine in Routine.objects.filter(owner__isnull=True, is_template=True):
        text = ROUTINES.get(routine.name_en_gb or routine.name)
        if text:
            routine.name_es = routine.name_es or text["name"]
            routine.goal_es = routine.goal_es or text["goal"]
            routine.save(update_fields=["name_es", "goal_es"])


def remove_spanish(apps, schema_editor):
    Stretch = apps.get_model("routines", "Stretch")
    StretchStep = apps.get_model("routines", "StretchStep")
    Routine = apps.get_model("routines", "Routine")
    Stretch.objects.filter(owner__isnull=True).update(**{f"{f}_es": None for f in STRETCH_FIELDS})
    StretchStep.objects.filter(stretch__owner__isnull=True).update(instruction_es=None)
    Routine.objects.filter(owner__isnull=True).update(name_es=None, goal_es=None)


class Migration(migrations.Migration):
    dependencies = [("routines", "0012_translations")]

    operations = [migrations.RunPython(add_spanish, remove_spanish)]
