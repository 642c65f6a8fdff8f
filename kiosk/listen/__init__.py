"""The kiosk's "listen" control: each page and offer read aloud by the server, in the language on screen."""
