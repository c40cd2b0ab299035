"""Doorstroom: registratie en begeleiding voor een Doorstroompunt."""
