"""Invented names for the demo's participants, plausible for each city's country.

Every name is unique across the network, so that a person picked from a list is never
mistaken for someone of another city. The pools are crossed deterministically: the demo gives
the same people every time it is loaded.
"""

from itertools import product

# Per city: given names, family names, and the organisations its participants come from.
POOLS = {
    "bamako": (
        ["Adama", "Bintou", "Seydou", "Kadiatou", "Oumar", "Mariam", "Boubacar", "Assitan",
         "Modibo", "Fanta"],
        ["Keïta", "Coulibaly", "Diarra", "Sangaré", "Touré", "Dembélé", "Sissoko", "Camara"],
        ["District de Bamako", "Mairie de la Commune III", "Université des sciences sociales",
         "Association des jeunes du quartier Hamdallaye"],
    ),
    "benguerir": (
        ["Youssef", "Khadija", "Hamza", "Salma", "Mehdi", "Imane", "Rachid", "Hajar", "Anas",
         "Nawal"],
        ["El Amrani", "Bennani", "Tazi", "Ouazzani", "Alaoui", "Berrada", "Lahlou", "Chraibi"],
        ["Commune de Benguerir", "Université Mohammed VI Polytechnique",
         "Province de Rehamna", "Association Green Benguerir"],
    ),
    "bizerte": (
        ["Mohamed Amine", "Amira", "Skander", "Ines", "Wassim", "Rim", "Bilel", "Olfa", "Karim",
         "Sonia"],
        ["Ben Salah", "Trabelsi", "Jebali", "Gharbi", "Mejri", "Ayari", "Bouazizi", "Hammami"],
        ["Municipalité de Bizerte", "Institut supérieur des études technologiques",
         "Gouvernorat de Bizerte", "Association Bizerte Smart City"],
    ),
    "kampala": (
        ["Ronald", "Florence", "Brian", "Harriet", "Isaac", "Winnie", "Godfrey", "Prossy",
         "Denis", "Sarah"],
        ["Ssemwogerere", "Nakato", "Okello", "Namubiru", "Mukasa", "Atim", "Kato", "Nansubuga"],
        ["Kampala Capital City Authority", "Makerere University", "Kampala Innovation Hub",
         "Nakawa Market Vendors' Association"],
    ),
    "kigali": (
        ["Jean Bosco", "Claudine", "Eric", "Aline", "Olivier", "Diane", "Emmanuel", "Solange",
         "Patrick", "Josiane"],
        ["Habimana", "Mukamana", "Niyonzima", "Uwase", "Hakizimana", "Ingabire", "Nshimiyimana",
         "Mukeshimana"],
        ["City of Kigali", "University of Rwanda", "kLab Kigali", "Nyarugenge Youth Council"],
    ),
    "kumasi": (
        ["Kofi", "Akosua", "Yaw", "Abena", "Kwabena", "Adwoa", "Kojo", "Ama", "Kwaku", "Efua"],
        ["Asante", "Boateng", "Owusu", "Osei", "Agyeman", "Frimpong", "Amoako", "Danquah"],
        ["Kumasi Metropolitan Assembly", "Kwame Nkrumah University of Science and Technology",
         "Kejetia Traders' Union", "Ashanti Regional Coordinating Council"],
    ),
    "lagos": (
        ["Chinedu", "Folake", "Emeka", "Ngozi", "Olumide", "Aisha", "Segun", "Funmilayo", "Ifeanyi",
         "Halima"],
        ["Okonkwo", "Adebayo", "Balogun", "Eze", "Ogunleye", "Nwosu", "Bello", "Fashola"],
        ["Lagos State Government", "University of Lagos", "Yaba Tech Community",
         "Lagos Metropolitan Area Transport Authority"],
    ),
    "matola": (
        ["Armando", "Lurdes", "Celso", "Graça", "Edson", "Albertina", "Nelson", "Felizarda",
         "Hélder", "Rosália"],
        ["Macuácua", "Cossa", "Sitoe", "Chissano", "Mabunda", "Nhantumbo", "Muianga", "Tembe"],
        ["Conselho Municipal da Cidade da Matola", "Universidade Eduardo Mondlane",
         "Associação dos Moradores da Machava", "Direcção Provincial de Maputo"],
    ),
    "niamey": (
        ["Abdoulaye", "Hadiza", "Issoufou", "Rahamatou", "Moussa", "Zeinabou", "Hamidou",
         "Mariama", "Souleymane", "Aïssata"],
        ["Mahamadou", "Issaka", "Garba", "Hama", "Abdou", "Oumarou", "Seyni", "Harouna"],
        ["Ville de Niamey", "Université Abdou Moumouni", "CIPMEN incubateur",
         "Association des femmes du quartier Lazaret"],
    ),
    "nouakchott": (
        ["Sidi", "Mariem", "Cheikh", "Aminetou", "Mohamed Lemine", "Khadijetou", "Ahmedou",
         "Vatimetou", "Brahim", "Lalla"],
        ["Ould Cheikh", "Mint Ahmed", "Ould Sidi", "Mint Mohamed", "Ould Abdallahi", "Ba",
         "Ould Bouboutt", "Sy"],
        ["Région de Nouakchott", "Université de Nouakchott", "Commune de Tevragh Zeina",
         "Association Nouakchott Propre"],
    ),
    "seme-podji": (
        ["Koffi", "Sènami", "Codjo", "Afiavi", "Rodrigue", "Mireille", "Gildas", "Chantal",
         "Romuald", "Bernadette"],
        ["Dossou", "Hounkpatin", "Agossou", "Ahouansou", "Gbaguidi", "Zinsou", "Akplogan",
         "Houngbédji"],
        ["Mairie de Sèmè-Podji", "Université d'Abomey-Calavi", "Sèmè City",
         "Association des pêcheurs d'Ekpè"],
    ),
}  # fmt: skip


def participants(slug: str, count: int, taken: set[str]) -> list[tuple[str, str]]:
    """``count`` (name, organisation) pairs for a city, none of them in ``taken``.

    ``taken`` is updated, so that successive cities never repeat a name.
    """
    given, family, organisations = POOLS[slug]
    # A stride through the cross product mixes given and family names instead of giving one
    # given name to eight people in a row.
    combos = list(product(range(len(given)), range(len(family))))
    stride = len(family) + 1
    order = [combos[(n * stride) % len(combos)] for n in range(len(combos))]
    result = []
    for g, f in order:
        name = f"{given[g]} {family[f]}"
        if name in taken:
            continue
        taken.add(name)
        # Relatives do not all work in one place: the organisation follows both names.
        result.append((name, organisations[(g + f) % len(organisations)]))
        if len(result) == count:
            return result
    raise ValueError(f"not enough demo names for {slug}: {count} wanted")
