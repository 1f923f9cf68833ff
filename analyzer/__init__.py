"""Community feedback theme analyzer."""
